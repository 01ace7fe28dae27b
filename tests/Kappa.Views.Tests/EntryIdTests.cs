namespace Kappa.Views.Tests;

public class EntryIdTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = "0" + new string('f', 63);

    [Fact]
    public void Canonical_text_round_trips()
    {
        var id = EntryId.Parse(A + "@42");
        Assert.Equal(42, id.Seq);
        Assert.Equal(A + "@42", id.ToString());
        Span<byte> bytes = stackalloc byte[EntryId.EncodedSize];
        id.WriteTo(bytes);
        Assert.Equal(id, EntryId.ReadFrom(bytes));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA@1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@01")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@-1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1 ")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaag@1")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1234567890123456789")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@1٣")]
    public void Only_the_canonical_spelling_parses(string text)
    {
        Assert.False(EntryId.TryParse(text, out _));
        // The same rules when a JSON string's UTF-8 bytes are read in place (the kv view's links).
        Assert.False(EntryId.TryParseUtf8(System.Text.Encoding.UTF8.GetBytes(text), new byte[32], out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("7")]
    [InlineData("42")]
    [InlineData("999999999999999999")]
    public void The_utf8_bytes_of_a_canonical_id_read_as_the_same_id(string seq)
    {
        var text = "0123456789abcdef" + new string('e', 47) + "9@" + seq;
        var id = EntryId.Parse(text);
        var feed = new byte[32];
        Assert.True(EntryId.TryParseUtf8(System.Text.Encoding.UTF8.GetBytes(text), feed, out var utf8Seq));
        Assert.Equal(id, new EntryId(new Kappa.Hypercore.Crypto.FeedKey(feed), utf8Seq));
    }

    [Fact]
    public void Order_is_feed_hex_then_seq_as_a_number()
    {
        var ids = new[] { A + "@10", A + "@9", B + "@100", A + "@0" }.Select(EntryId.Parse).Order().Select(i => i.ToString());
        Assert.Equal(new[] { B + "@100", A + "@0", A + "@9", A + "@10" }, ids);
    }
}
