using System.Text;
using Kappa.Chat.Messages;
using Kappa.TestSupport;

namespace Kappa.Chat.Tests;

public class CabalStateTests
{
    [Fact]
    public async Task Entries_are_written_as_cabal_core_writes_them_without_a_trailing_newline()
    {
        Assert.Equal("""{"type":"chat/text","content":{"channel":"default","text":"héllo \"you\""},"timestamp":1700000000000.001}""",
            Encoding.UTF8.GetString(CabalMessages.Text("default", "héllo \"you\"", 1_700_000_000_000.001)));
        Assert.Equal("""{"type":"about","content":{"name":"alice"},"timestamp":5}""", Encoding.UTF8.GetString(CabalMessages.About("alice", 5)));
        using var dir = new TempDirectory("chat-bytes");
        await using var cabal = await Cabal.OpenAsync(dir.Combine("a"));
        var seq = await cabal.SetTopicAsync("misc", "t");
        var block = await cabal.Local.GetRawAsync(seq);
        Assert.NotEqual((byte)'\n', block.Span[^1]);
    }

    [Fact]
    public async Task Nick_is_the_latest_about_by_seq_topics_the_latest_by_timestamp_and_junk_is_ignored()
    {
        using var dir = new TempDirectory("chat-state");
        var key = CabalKey.Random();
        await using var a = await Cabal.OpenAsync(dir.Combine("a"), key);
        await using var b = await Cabal.OpenAsync(dir.Combine("b"), key);
        await a.SetNickAsync("first");
        await a.SetNickAsync("second");
        await a.Local.AppendRawAsync("not json at all"u8.ToArray());
        await a.Local.AppendRawAsync(CabalMessages.Topic("misc", "newer topic", 2_000));
        await b.Local.AppendRawAsync(CabalMessages.Topic("misc", "older topic", 1_000)); // indexed later on a, earlier on b
        await MessagesViewTests.ReplicateAsync(a, b);

        foreach (var cabal in new[] { a, b })
        {
            await cabal.ReadyAsync();
            Assert.Equal("second", await cabal.State.NickAsync(a.LocalKey));
            Assert.Equal("newer topic", await cabal.State.TopicAsync("misc"));
            Assert.Equal(["misc"], await cabal.State.ChannelsAsync());
        }
    }

    [Fact]
    public async Task Moderation_flags_count_only_for_readers_who_trust_their_author()
    {
        using var dir = new TempDirectory("chat-mod");
        var key = CabalKey.Random();
        await using var a = await Cabal.OpenAsync(dir.Combine("a"), key);
        await using var b = await Cabal.OpenAsync(dir.Combine("b"), key);
        await a.SendAsync("hello from a");
        await b.SendAsync("hello from b");
        // Each hides the other: each reader applies its own flags, not a stranger's.
        await b.Local.AppendRawAsync(Flags(a.LocalKey, "hide"));
        await a.Local.AppendRawAsync(Flags(b.LocalKey, "hide"));
        await MessagesViewTests.ReplicateAsync(a, b);

        Assert.Equal(["hello from a"], (await a.PageAsync("default")).Select(p => p.Message.Text));
        Assert.Equal(["hello from b"], (await b.PageAsync("default")).Select(p => p.Message.Text));
    }

    [Theory]
    [InlineData("cabal://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("cabal://0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef?admin=x")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Cabal_keys_parse_like_cabal_core(string text) =>
        Assert.Equal("cabal://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", CabalKey.Parse(text).ToString());

    [Fact]
    public void A_bad_key_is_a_typed_error() =>
        Assert.Equal(ChatException.BadKey, Assert.Throws<ChatException>(() => CabalKey.Parse("cabal://xyz")).Code);

    private static byte[] Flags(string target, string flag) =>
        Encoding.UTF8.GetBytes($$"""{"type":"flags/add","content":{"id":"{{target}}","channel":"@","flags":["{{flag}}"]},"timestamp":1}""");
}
