using Google.Protobuf;

namespace Kappa.Protocol.Messages;

/// <summary>
/// Builders that set exactly the fields hypercore 8.14 / hypercore-protocol 7.10 set, because
/// the JS encoder writes every non-null field (a <c>false</c> or <c>0</c> that JS sets is on the
/// wire; one it leaves out is not). Derived from <c>sentFields</c> in
/// replication-transcript*.json and protocol-messages.json:
/// <list type="table">
/// <item><term>Open</term><description>discoveryKey, capability</description></item>
/// <item><term>Options</term><description>extensions (stream level); ack only when given</description></item>
/// <item><term>Status</term><description>uploading, downloading (both, always)</description></item>
/// <item><term>Have</term><description>start; length / bitfield / ack only when given (<c>Have{start}</c> = one block)</description></item>
/// <item><term>Unhave</term><description>start; length only when given</description></item>
/// <item><term>Want, Unwant</term><description>start, length</description></item>
/// <item><term>Request</term><description>index, bytes (0), hash (false), nodes (digest) — all four</description></item>
/// <item><term>Cancel</term><description>index, bytes, hash</description></item>
/// <item><term>Data</term><description>index, value (absent only in hash-only replies), nodes, signature (when there is one)</description></item>
/// <item><term>Close</term><description>nothing, or discoveryKey to refuse a channel</description></item>
/// </list>
/// Byte arguments are copied, except Data's value and signature, which are wrapped without a
/// copy (hot path): the caller must not change that memory until the frame is written.
/// </summary>
internal static class WireMessages
{
    public static Open Open(ReadOnlySpan<byte> discoveryKey, ReadOnlySpan<byte> capability) =>
        new() { DiscoveryKey = ByteString.CopyFrom(discoveryKey), Capability = ByteString.CopyFrom(capability) };

    public static Options Options(IEnumerable<string> extensions, bool? ack = null)
    {
        var message = new Options { Extensions = { extensions } };
        if (ack is { } a) message.Ack = a;
        return message;
    }

    public static Status Status(bool uploading, bool downloading) =>
        new() { Uploading = uploading, Downloading = downloading };

    /// <summary>
    /// <paramref name="bitfield"/> is the RLE bytes (<see cref="Wire.BitfieldRle"/>); null leaves the
    /// field out, an empty array sends it empty. (An array, not a memory, so null cannot turn into "empty".)
    /// </summary>
    public static Have Have(ulong start, ulong? length = null, byte[]? bitfield = null, bool? ack = null)
    {
        var message = new Have { Start = start };
        if (length is { } l) message.Length = l;
        if (bitfield is not null) message.Bitfield = ByteString.CopyFrom(bitfield);
        if (ack is { } a) message.Ack = a;
        return message;
    }

    public static Unhave Unhave(ulong start, ulong? length = null)
    {
        var message = new Unhave { Start = start };
        if (length is { } l) message.Length = l;
        return message;
    }

    public static Want Want(ulong start, ulong length) => new() { Start = start, Length = length };

    public static Unwant Unwant(ulong start, ulong length) => new() { Start = start, Length = length };

    /// <summary>hypercore 8's block request; <paramref name="nodes"/> is the proof digest (0 = send everything).</summary>
    public static Request Request(ulong index, ulong nodes, ulong bytes = 0, bool hash = false) =>
        new() { Index = index, Bytes = bytes, Hash = hash, Nodes = nodes };

    public static Cancel Cancel(ulong index, ulong bytes = 0, bool hash = false) =>
        new() { Index = index, Bytes = bytes, Hash = hash };

    /// <summary>
    /// A block reply carrying the block (an empty block is sent as an empty value field).
    /// An empty <paramref name="signature"/> means none (JS sends one only when the remote needs it).
    /// Value and signature are wrapped, not copied.
    /// </summary>
    public static Data Data(ulong index, ReadOnlyMemory<byte> value, IEnumerable<DataNode> nodes, ReadOnlyMemory<byte> signature = default)
    {
        var message = DataWithoutValue(index, nodes, signature);
        message.Value = UnsafeByteOperations.UnsafeWrap(value);
        return message;
    }

    /// <summary>A hash-only reply (Request.hash): no value field at all.</summary>
    public static Data DataWithoutValue(ulong index, IEnumerable<DataNode> nodes, ReadOnlyMemory<byte> signature = default)
    {
        var message = new Data { Index = index, Nodes = { nodes } };
        if (!signature.IsEmpty) message.Signature = UnsafeByteOperations.UnsafeWrap(signature);
        return message;
    }

    public static DataNode Node(ulong index, ReadOnlySpan<byte> hash, ulong size) =>
        new() { Index = index, Hash = ByteString.CopyFrom(hash), Size = size };

    public static Close Close() => new();

    /// <summary>Close on a fresh channel id, refusing the remote's channel for that discovery key.</summary>
    public static Close Close(ReadOnlySpan<byte> discoveryKey) => new() { DiscoveryKey = ByteString.CopyFrom(discoveryKey) };

    public static NoisePayload NoisePayload(ReadOnlySpan<byte> nonce) => new() { Nonce = ByteString.CopyFrom(nonce) };
}
