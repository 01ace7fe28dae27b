using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Kappa.Server.Events;

/// <summary>
/// One server-sent event, rendered once to its wire bytes (<c>event: TYPE\ndata: JSON\n\n</c>,
/// WHATWG HTML §9.2) and shared by every client: fan-out costs no per-client formatting.
/// </summary>
internal sealed class EventFrame
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private EventFrame(string type, byte[] bytes)
    {
        Type = type;
        Bytes = bytes;
    }

    /// <summary>The event's type (<c>entry</c>, <c>feed</c>, <c>view</c>, <c>peer</c>, <c>hello</c>).</summary>
    public string Type { get; }

    /// <summary>The whole event on the wire.</summary>
    public byte[] Bytes { get; }

    /// <summary>A comment line; EventSource ignores it, but writing it finds clients that vanished.</summary>
    public static readonly byte[] Heartbeat = ": ping\n\n"u8.ToArray();

    /// <summary>Sent last to a client whose queue overflowed, before its stream is closed.</summary>
    public static readonly EventFrame Overflow = FromJson("overflow", "{\"reason\":\"the client read events too slowly; reconnect and re-read from the API\"}"u8);

    /// <summary>This event with an <c>id:</c> line first (what an EventSource sends back as <c>Last-Event-ID</c>).</summary>
    public EventFrame WithId(string id)
    {
        var prefix = Encoding.ASCII.GetBytes("id: " + id + "\n");
        var bytes = new byte[prefix.Length + Bytes.Length];
        prefix.CopyTo(bytes, 0);
        Bytes.CopyTo(bytes, prefix.Length);
        return new EventFrame(Type, bytes);
    }

    /// <summary>An event whose data is <paramref name="value"/> serialized with web defaults (camelCase).</summary>
    public static EventFrame From<T>(string type, T value) => FromJson(type, JsonSerializer.SerializeToUtf8Bytes(value, Web));

    /// <summary>An event whose data is JSON text without newlines.</summary>
    public static EventFrame FromJson(string type, ReadOnlySpan<byte> json)
    {
        var w = new ArrayBufferWriter<byte>(json.Length + type.Length + 16);
        Start(w, type);
        w.Write(json);
        w.Write("\n\n"u8);
        return new EventFrame(type, w.WrittenSpan.ToArray());
    }

    /// <summary>Writes <c>event: TYPE\ndata: </c>; the caller writes one line of JSON and <see cref="End"/>.</summary>
    public static void Start(ArrayBufferWriter<byte> w, string type)
    {
        w.Write("event: "u8);
        w.Write(Encoding.UTF8.GetBytes(type));
        w.Write("\ndata: "u8);
    }

    /// <summary>Ends an event begun with <see cref="Start"/>.</summary>
    public static EventFrame End(ArrayBufferWriter<byte> w, string type)
    {
        w.Write("\n\n"u8);
        return new EventFrame(type, w.WrittenSpan.ToArray());
    }
}
