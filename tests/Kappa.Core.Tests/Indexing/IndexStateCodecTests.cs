using System.Text.Json;
using Kappa.Core.Indexing;
using Kappa.TestSupport;

namespace Kappa.Core.Tests.Indexing;

public class IndexStateCodecTests
{
    private static readonly JsonElement Indexing = Vectors.Load("indexing.json");

    [Fact]
    public void Every_state_codec_vector_encodes_to_the_JS_bytes_and_decodes_to_its_version()
    {
        var cases = Indexing.GetProperty("stateCodec");
        Assert.Equal(3, cases.GetArrayLength());
        foreach (var c in cases.EnumerateArray())
        {
            var entries = c.GetProperty("keys").EnumerateArray()
                .Select(k => new IndexStateEntry(Vectors.Hex(k[0].GetString()!), k[2].GetUInt32()))
                .ToList();
            var state = new IndexState(entries, c.GetProperty("version").GetUInt32());

            Assert.Equal(c.Str("hex"), Vectors.Hex(state.Encode()));
            Assert.Equal(state.EncodedLength, state.Encode().Length);

            var decoded = IndexState.Decode(c.HexProp("hex"));
            Assert.Equal(c.GetProperty("deserializedVersion").GetUInt32(), decoded.Version);
            Assert.Equal(entries, decoded.Entries);
        }
    }

    [Fact]
    public void Version_zero_is_not_written_and_reads_back_as_one()
    {
        var c = Indexing.GetProperty("stateCodec")[1];
        Assert.Equal(0u, c.GetProperty("version").GetUInt32());
        var state = new IndexState([new IndexStateEntry(new byte[32], 5)], version: 0);

        Assert.Equal(4 + 40, state.EncodedLength);
        Assert.Equal(IndexStateDefaults.Version, IndexState.Decode(state.Encode()).Version);
    }

    [Fact]
    public void Every_stored_state_of_the_two_feed_run_round_trips_byte_for_byte()
    {
        var run = Indexing.GetProperty("twoFeedsMaxBatch3");
        var feedOrder = run.GetProperty("feedOrder").EnumerateArray().Select(e => e.GetString()).ToArray();
        var stored = run.GetProperty("calls").EnumerateArray()
            .Where(c => c.Str("call") == "storeState")
            .Select(c => c.HexProp("stateHex"))
            .ToList();
        Assert.Equal(6, stored.Count);

        foreach (var bytes in stored)
        {
            var state = IndexState.Decode(bytes);
            Assert.Equal(7u, state.Version);
            Assert.Equal(feedOrder, state.Entries.Select(e => e.FeedKeyHex));
            Assert.Equal(bytes, state.Encode());
        }
    }

    [Fact]
    public void The_last_stored_state_of_the_two_feed_run_matches_its_final_positions()
    {
        var run = Indexing.GetProperty("twoFeedsMaxBatch3");
        var last = run.GetProperty("calls").EnumerateArray().Last(c => c.Str("call") == "storeState");
        var state = IndexState.Decode(last.HexProp("stateHex"));
        var final = run.GetProperty("finalState");

        Assert.Equal(final.GetProperty("version").GetUInt32(), state.Version);
        foreach (var feed in final.GetProperty("keys").EnumerateObject())
            Assert.Equal(feed.Value.GetProperty("max").GetUInt32(), state.GetMax(Vectors.Hex(feed.Name)));
    }

    [Fact]
    public void Rebuilding_the_two_feed_run_positions_with_WithMax_gives_the_stored_bytes()
    {
        var run = Indexing.GetProperty("twoFeedsMaxBatch3");
        var order = run.GetProperty("feedOrder").EnumerateArray().Select(e => Vectors.Hex(e.GetString()!)).ToArray();
        // multifeed-index adds every known feed at 0 on its first run, then advances one batch at a time.
        var state = IndexState.Empty(7).WithMax(order[0], 0).WithMax(order[1], 0);
        foreach (var call in run.GetProperty("calls").EnumerateArray())
        {
            if (call.Str("call") == "map")
            {
                var entries = call.GetProperty("entries");
                var key = Vectors.Hex(entries[0].Str("key"));
                state = state.WithMax(key, (uint)(entries[entries.GetArrayLength() - 1].Num("seq") + 1));
            }
            else if (call.Str("call") == "storeState")
            {
                Assert.Equal(call.Str("stateHex"), Vectors.Hex(state.Encode()));
            }
        }
    }

    [Fact]
    public void Kappa_view_base64_state_decodes_to_one_feed_at_three_with_version_one()
    {
        var view = Indexing.GetProperty("kappaView");
        var text = view.GetProperty("rawDbAfterVersion1").EnumerateArray().Single(r => r[0].GetString() == "!s!state")[1].GetString()!;
        var state = IndexState.FromBase64Text(text);

        Assert.Equal(view.GetProperty("stateDecoded").GetUInt32(), state.Version);
        var entry = Assert.Single(state.Entries);
        Assert.StartsWith("89aded0f", entry.FeedKeyHex, StringComparison.Ordinal);
        Assert.Equal(3u, entry.Max);
        Assert.Equal(text, state.ToBase64Text());
    }

    [Fact]
    public void Encoding_into_a_span_that_is_too_short_is_an_argument_error()
    {
        var state = IndexState.Empty();
        Assert.Throws<ArgumentException>(() => state.Encode(new byte[state.EncodedLength - 1]));
        Assert.Equal(8, state.Encode(new byte[20]));
    }
}
