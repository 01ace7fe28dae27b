using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Kappa.Multifeed.Replication;

namespace Kappa.Swarm;

/// <summary>
/// Cabal's <c>peer-id</c> stream extension (cabal-core 13.2.0 <c>swarm.js</c>): on every connection
/// each side sends once, as soon as the stream opens, its local writer's key as JSON
/// <c>{"id":"&lt;64 hex&gt;"}</c> (abstract-extension's <c>json</c> codec: <c>JSON.stringify</c>, no
/// newline); cabal-core counts the sender as a peer (<c>peer-added</c>) on the first message with a
/// 32-byte id and ignores every other message on that connection. On the wire it is the stream's
/// fifth extension: id 4 after multifeed's four <c>MULTIFEED_*</c> names (ordinal sort).
/// </summary>
public static class PeerIdExtension
{
    /// <summary>The extension's name.</summary>
    public const string Name = "peer-id";

    /// <summary>Payloads longer than this are not peer ids (the JSON of one is 73 bytes).</summary>
    private const int MaxPayload = 1024;

    /// <summary>The payload announcing <paramref name="id"/>: <c>{"id":"&lt;lowercase hex&gt;"}</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not 64 hex characters.</exception>
    public static byte[] Encode(string id)
    {
        if (!IsId(id)) throw new ArgumentException("A peer id is 64 hex characters (a 32-byte key).", nameof(id));
        using var buffer = new MemoryStream(80);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", id.ToLowerInvariant());
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a peer's payload: true with the id (lowercase hex) when it is a JSON object whose
    /// <c>id</c> is 64 hex characters. Anything else (not JSON, other shapes, other lengths) is
    /// false, never an exception: cabal-core ignores such messages too.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (payload.Length > MaxPayload) return false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("id", out var value)
                || value.ValueKind != JsonValueKind.String) return false;
            var text = value.GetString();
            if (text is null || !IsId(text)) return false;
            id = text.ToLowerInvariant();
            return true;
        }
        catch (JsonException) { return false; }
        catch (InvalidOperationException) { return false; } // a string whose bytes are not UTF-8
    }

    /// <summary>
    /// The extension for one session: sends <paramref name="localId"/> when the stream opens (nothing
    /// when null) and reports the peer's id to <paramref name="remoteId"/> once — the first valid
    /// one, as cabal-core keeps the first; later and malformed messages are ignored.
    /// </summary>
    /// <param name="localId">Our id: for a cabal, the hex key of the local writer; null to only listen.</param>
    /// <param name="remoteId">Called once, under the session's lock (do not block), with the peer's id.</param>
    /// <exception cref="ArgumentException"><paramref name="localId"/> is not 64 hex characters.</exception>
    public static ReplicationExtension Create(string? localId, Action<string> remoteId)
    {
        ArgumentNullException.ThrowIfNull(remoteId);
        var payload = localId is null ? (ReadOnlyMemory<byte>?)null : Encode(localId);
        var heard = 0;
        return new ReplicationExtension(Name)
        {
            OpenPayload = payload,
            Received = message =>
            {
                if (TryDecode(message.Span, out var id) && Interlocked.Exchange(ref heard, 1) == 0) remoteId(id);
            },
        };
    }

    /// <summary>Whether <paramref name="text"/> is a peer id: 64 hex characters.</summary>
    public static bool IsId(string? text) => text is { Length: 64 } && !text.AsSpan().ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
