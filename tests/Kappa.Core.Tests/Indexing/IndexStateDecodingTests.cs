using Kappa.Core.Indexing;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Core.Tests.Indexing;

public class IndexStateDecodingTests(ITestOutputHelper output)
{
    private const string TwoFeedsV2 =
        "02000000abababababababababababababababababababababababababababababababab0000000005000000" +
        "0101010101010101010101010101010101010101010101010101010101010101000000002c01000002000000";

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("000000")]
    [InlineData("01000000")]
    [InlineData("01000000abababab")]
    [InlineData("ffffffff00000000")]
    [InlineData("0200000000000000000000000000000000000000000000000000000000000000000000000000000001000000")]
    public void A_truncated_or_garbage_buffer_is_a_typed_corrupt_state_error(string hex)
    {
        var e = Assert.Throws<IndexStateException>(() => IndexState.Decode(Vectors.Hex(hex)));
        Assert.Equal("KAPPA_STATE_CORRUPT", e.Code);
    }

    [Fact]
    public void Bytes_after_the_version_are_ignored()
    {
        var state = IndexState.Decode(Vectors.Hex(TwoFeedsV2 + "deadbeef99"));
        Assert.Equal(2u, state.Version);
        Assert.Equal([5u, 300u], state.Entries.Select(e => e.Max));
    }

    [Theory]
    [InlineData("")]
    [InlineData("07")]
    [InlineData("0700")]
    [InlineData("070000")]
    public void Fewer_than_four_bytes_after_the_entries_read_as_version_one(string tail)
    {
        var withoutVersion = TwoFeedsV2[..^8];
        Assert.Equal(1u, IndexState.Decode(Vectors.Hex(withoutVersion + tail)).Version);
    }

    [Fact]
    public void A_repeated_feed_keeps_its_first_position_and_its_last_value_like_the_JS_map()
    {
        var key = new string('a', 64);
        var other = new string('b', 64);
        var hex = "03000000" + key + "0000000001000000" + other + "0000000002000000" + key + "0000000009000000";
        var state = IndexState.Decode(Vectors.Hex(hex));

        Assert.Equal([key, other], state.Entries.Select(e => e.FeedKeyHex));
        Assert.Equal(9u, state.GetMax(Vectors.Hex(key)));
    }

    [Fact]
    public void A_nonzero_min_field_is_ignored()
    {
        var hex = "01000000" + new string('c', 64) + "0700000003000000";
        var state = IndexState.Decode(Vectors.Hex(hex));
        Assert.Equal(3u, state.Entries[0].Max);
        Assert.Equal("01000000" + new string('c', 64) + "00000000" + "03000000" + "01000000", Vectors.Hex(state.Encode())); // min is not kept: written back as 0
    }

    [Fact]
    public void Base64_text_that_is_not_base64_is_a_typed_corrupt_state_error()
    {
        var e = Assert.Throws<IndexStateException>(() => IndexState.FromBase64Text("not base64!"));
        Assert.Equal(IndexStateException.CorruptCode, e.Code);
    }

    [Fact]
    public void Random_buffers_decode_or_fail_only_with_the_typed_error()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 130)];
            random.NextBytes(bytes);
            if (bytes.Length >= 4 && random.Next(2) == 0) bytes[1] = bytes[2] = bytes[3] = 0; // plausible counts
            try
            {
                var state = IndexState.Decode(bytes);
                Assert.True(state.Entries.Count * 40 + 4 <= bytes.Length);
            }
            catch (IndexStateException)
            {
            }
        }
    }

    [Fact]
    public void Constructing_a_state_with_a_feed_twice_is_an_argument_error()
    {
        var entry = new IndexStateEntry(new byte[32], 1);
        Assert.Throws<ArgumentException>(() => new IndexState([entry, entry], 1));
        Assert.Throws<ArgumentException>(() => new IndexStateEntry(new byte[31], 1));
    }

    [Fact]
    public void WithMax_updates_a_known_feed_in_place_and_appends_a_new_one()
    {
        var a = Enumerable.Repeat((byte)0xaa, 32).ToArray();
        var b = Enumerable.Repeat((byte)0xbb, 32).ToArray();
        var state = IndexState.Empty().WithMax(a, 1).WithMax(b, 2).WithMax(a, 5);

        Assert.Equal([5u, 2u], state.Entries.Select(e => e.Max));
        Assert.Null(state.GetMax(new byte[32]));
        Assert.Equal(9u, state.WithVersion(9).Version);
    }
}
