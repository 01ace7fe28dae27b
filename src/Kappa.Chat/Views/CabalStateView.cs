using System.Text;
using System.Text.Json;
using Kappa.Chat.Messages;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Chat.Views;

/// <summary>
/// Channels, users (nicks), topics, memberships and moderation flags of a cabal in one small view
/// (cabal-core's channels, users, topics, channel-membership and moderation views). Unlike
/// cabal-core, every rule is decided by the entries alone, never by indexing order, so peers
/// holding the same entries agree: a nick is the author's <c>about</c> with the greatest seq; a
/// topic is the <c>chat/topic</c> with the greatest (timestamp, feed hex, seq); a membership is
/// the author's join/leave with the greatest seq; a flag set is the author's latest flags entry
/// for that (target, channel).
/// </summary>
/// <remarks>
/// Layout (under KappaView's data prefix; feed keys as 64 hex characters, so keys are prefix-free):
/// <c>c‖channel</c> → "" ; <c>u‖feed</c> → <c>{"name","seq"}</c> ;
/// <c>t‖channel</c> → <c>{"text","timestamp","feed","seq"}</c> ; <c>m‖feed‖channel</c> → <c>{"joined","seq"}</c> ;
/// <c>f‖author‖target‖channel</c> → <c>{"flags":[…],"seq"}</c> (channel <c>@</c> = the whole cabal).
/// </remarks>
public sealed partial class CabalStateView : KappaView
{
    internal const byte ChannelTag = (byte)'c', UserTag = (byte)'u', TopicTag = (byte)'t', MemberTag = (byte)'m', FlagTag = (byte)'f';

    /// <summary>A view over <paramref name="store"/> (not disposed by the view).</summary>
    public CabalStateView(IViewStore store) : base(store, 500) { }

    /// <inheritdoc />
    protected override async ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, ViewTransaction tx, CancellationToken ct)
    {
        if (entries.Count == 0) return;
        var feed = entries[0].Key.ToString(); // a batch is a run of one feed (indexing.md)
        var channels = new HashSet<string>(StringComparer.Ordinal); // one channel write per batch, not per message
        foreach (var entry in entries)
        {
            if (!CabalEnvelope.TryParse(entry.Data, out var e) || e.Type is not { } type) continue;
            try
            {
                await MapOneAsync(tx, e, type, feed, entry.Seq, channels, ct).ConfigureAwait(false);
            }
            catch (InvalidOperationException) { } // a string that is not valid UTF-8: cabal-core cannot have meant anything by it
        }
    }

    private static async ValueTask MapOneAsync(ViewTransaction tx, CabalEnvelope e, string type, string feed, long seq, HashSet<string> channels, CancellationToken ct)
    {
        var channel = e.ContentString("channel");
        // cabal-core's channels view lists any sane message with a channel (a numeric timestamp, a string text).
        if (channel is { Length: > 0 } && e.Timestamp is not null && e.ContentString("text") is not null && channels.Add(channel))
            tx.Put(Key(ChannelTag, channel), []);
        switch (type)
        {
            case "about" when e.ContentString("name") is { } name && e.Timestamp is not null:
                await PutIfNewerSeqAsync(tx, Key(UserTag, feed), seq, w => w.WriteString("name", name), ct).ConfigureAwait(false);
                break;
            case "chat/topic" when channel is { Length: > 0 } && e.ContentString("text") is { } text && e.Timestamp is { } ts:
                await PutTopicAsync(tx, channel, text, ts, feed, seq, ct).ConfigureAwait(false);
                break;
            case "channel/join" or "channel/leave" when channel is { Length: > 0 }:
                await PutIfNewerSeqAsync(tx, Key(MemberTag, feed + channel), seq, w => w.WriteBoolean("joined", type == "channel/join"), ct).ConfigureAwait(false);
                break;
            case "flags/set" or "flags/add" or "flags/remove":
                await MapFlagsAsync(tx, e, type, feed, seq, ct).ConfigureAwait(false);
                break;
        }
    }

    private static async ValueTask PutTopicAsync(ViewTransaction tx, string channel, string text, double ts, string feed, long seq, CancellationToken ct)
    {
        var key = Key(TopicTag, channel);
        if (await tx.GetAsync(key, ct).ConfigureAwait(false) is { } old)
        {
            using var doc = JsonDocument.Parse(old);
            var r = doc.RootElement;
            var c = ts.CompareTo(r.GetProperty("timestamp").GetDouble());
            if (c == 0) c = string.CompareOrdinal(feed, r.GetProperty("feed").GetString());
            if (c == 0) c = seq.CompareTo(r.GetProperty("seq").GetInt64());
            if (c <= 0) return;
        }
        tx.Put(key, Json(w =>
        {
            w.WriteString("text", text);
            w.WriteNumber("timestamp", ts);
            w.WriteString("feed", feed);
            w.WriteNumber("seq", seq);
        }));
    }

    /// <summary>Stores the value unless the same author already stored one with a greater seq (entries of a feed can arrive in any order after a sparse start).</summary>
    internal static async ValueTask PutIfNewerSeqAsync(ViewTransaction tx, byte[] key, long seq, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        if (await tx.GetAsync(key, ct).ConfigureAwait(false) is { } old)
        {
            using var doc = JsonDocument.Parse(old);
            if (doc.RootElement.GetProperty("seq").GetInt64() > seq) return;
        }
        tx.Put(key, Json(w =>
        {
            write(w);
            w.WriteNumber("seq", seq);
        }));
    }

    internal static byte[] Key(byte tag, string rest)
    {
        var bytes = new byte[1 + Encoding.UTF8.GetByteCount(rest)];
        bytes[0] = tag;
        Encoding.UTF8.GetBytes(rest, bytes.AsSpan(1));
        return bytes;
    }

    internal static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
