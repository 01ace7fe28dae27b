using System.Buffers;
using System.Text.Json;

namespace Kappa.Multifeed.Replication;

/// <summary>
/// multifeed 5.2.4's stream extensions (replication-protocol.md §7, §10): JSON payloads, UTF-8,
/// no trailing newline. Their ids are their index in the sorted name list.
/// </summary>
internal static class MultifeedMessages
{
    public const string Handshake = "MULTIFEED_HANDSHAKE";
    public const string Manifest = "MULTIFEED_MANIFEST";
    public const string ReplicateFeeds = "MULTIFEED_REPLICATE_FEEDS";
    public const string RequestFeeds = "MULTIFEED_REQUEST_FEEDS";
    public const string Client = "MULTIFEED";
    public const string Version = "4.0.0";

    public static readonly string[] All = [Handshake, Manifest, ReplicateFeeds, RequestFeeds];

    public static byte[] HandshakePayload(bool live, string? userData)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("live", live);
            if (userData is not null) w.WriteString("userData", userData);
            w.WriteString("client", Client);
            w.WriteString("version", Version);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    // Written with Utf8JsonWriter, not JsonSerializer: the reflection-based serializer emitted
    // accessor code on first use, about 0.1 s of a fresh process's first replication session.
    // Same bytes: compact JSON, keys are lower-case hex (nothing to escape).
    public static byte[] ManifestPayload(IEnumerable<string> keys) => Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("keys");
        WriteArray(w, keys);
        w.WriteEndObject();
    });

    public static byte[] KeyListPayload(IEnumerable<string> keys) => Write(w => WriteArray(w, keys));

    private static void WriteArray(Utf8JsonWriter w, IEnumerable<string> keys)
    {
        w.WriteStartArray();
        foreach (var key in keys) w.WriteStringValue(key);
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a payload; malformed JSON is a typed error (JS destroys the stream).</summary>
    public static JsonElement Parse(string name, in ReadOnlySequence<byte> payload)
    {
        if (payload.Length > 64 << 20) throw new ReplicationException(ReplicationException.BadMessage, $"{name} payload is too large");
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e) { throw new ReplicationException(ReplicationException.BadMessage, $"{name} is not valid JSON: {e.Message}", e); }
    }

    /// <summary>Handshake check: client MULTIFEED, version major 4 (multifeed 5.2.4).</summary>
    public static void CheckHandshake(JsonElement handshake)
    {
        if (handshake.ValueKind != JsonValueKind.Object) throw new ReplicationException(ReplicationException.BadMessage, "handshake is not a JSON object");
        var client = handshake.TryGetProperty("client", out var c) ? StringOrNull(c) : null;
        var version = handshake.TryGetProperty("version", out var v) ? StringOrNull(v) : null;
        var major = version?.Split('.')[0];
        if (major is null || !int.TryParse(major, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var m) || m != 4)
            throw new ReplicationException(ReplicationException.VersionMismatch, $"the peer speaks multifeed protocol {version ?? "(none)"}, we speak {Version}");
        if (client != Client) throw new ReplicationException(ReplicationException.ClientMismatch, $"the peer is \"{client ?? "(none)"}\", not a multifeed peer");
    }

    /// <summary>Keys of a manifest ({"keys":[…]}) or a key list ([…]); entries that are not feed keys are skipped, as multifeed does.</summary>
    public static List<string> Keys(JsonElement value, string name)
    {
        var array = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("keys", out var k) ? k : value;
        if (array.ValueKind != JsonValueKind.Array) throw new ReplicationException(ReplicationException.BadMessage, $"{name} does not hold a list of keys");
        var keys = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
            if (StringOrNull(item) is { Length: 64 } s && Kappa.Hypercore.Crypto.FeedKey.TryParse(s, out _))
                keys.Add(s.ToLowerInvariant());
        return keys;
    }

    /// <summary>
    /// The string value, or null for anything else — including a string whose bytes are not
    /// UTF-8 (the reader does not check string contents; found by the fuzz tests).
    /// </summary>
    private static string? StringOrNull(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try { return value.GetString(); }
        catch (InvalidOperationException) { return null; }
    }
}
