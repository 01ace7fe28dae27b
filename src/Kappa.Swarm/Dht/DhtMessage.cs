namespace Kappa.Swarm.Dht;

/// <summary>
/// One dht-rpc 4 datagram (schema in ../shared/spec/discovery.md). Absent optional fields are null.
/// </summary>
internal sealed record DhtMessage
{
    /// <summary>dht-rpc's protocol version: senders write 1; a node id from a sender below 1 is ignored.</summary>
    public const ulong CurrentVersion = 1;

    public ulong? Version { get; init; }
    public required DhtMessageType Type { get; init; }
    public required ulong Rid { get; init; }

    /// <summary>The recipient's IPv4:port as the sender sees it (6 bytes).</summary>
    public byte[]? To { get; init; }

    /// <summary>The sender's 32-byte node id; absent from ephemeral senders.</summary>
    public byte[]? Id { get; init; }

    public byte[]? Target { get; init; }

    /// <summary>Concatenated 38-byte node records (32-byte id + IPv4 + big-endian port).</summary>
    public byte[]? CloserNodes { get; init; }

    public byte[]? RoundtripToken { get; init; }
    public string? Command { get; init; }
    public string? Error { get; init; }
    public byte[]? Value { get; init; }

    /// <summary>The node id if it is usable (32 bytes from a version-1 sender), as dht-rpc's io.js rules it.</summary>
    public byte[]? ValidId => Id is { Length: 32 } && Version >= CurrentVersion ? Id : null;
}
