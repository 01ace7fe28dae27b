using Kappa.Protocol.Noise;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Transport;

/// <summary>Settings of a <see cref="SecureConnection"/>; defaults match hypercore-protocol 7.10.</summary>
internal sealed record SecureConnectionOptions
{
    /// <summary>hypercore-protocol's defaults.</summary>
    public static SecureConnectionOptions Default { get; } = new();

    /// <summary>
    /// Fail with <see cref="ProtocolException.Timeout"/> when nothing arrives for this long while
    /// we wait for bytes (JS <c>opts.timeout</c>, 20 s). Keep-alives go out every
    /// ceil(timeout / 2) of send silence. <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables both, like JS <c>timeout: 0</c>.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Clock for the timers (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Largest frame body accepted or sent (simple-message-channels' 8 MiB).</summary>
    public int MaxFrameBodyLength { get; init; } = FrameReader.DefaultMaxBodyLength;

    /// <summary>Static Noise key pair (JS <c>opts.keyPair</c>); random per connection when null. Not disposed by the connection.</summary>
    public NoiseKeyPair? StaticKeyPair { get; init; }

    /// <summary>Golden tests only: a fixed ephemeral key pair. Must be fresh for every handshake in real use, so leave null.</summary>
    public NoiseKeyPair? EphemeralKeyPair { get; init; }

    /// <summary>Golden tests only: a fixed 24-byte transport nonce (random when null).</summary>
    public ReadOnlyMemory<byte>? TransportNonce { get; init; }

    internal bool TimersEnabled => IdleTimeout > TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan;

    /// <summary>ceil(timeout / 2) in whole milliseconds, as hypercore-protocol computes it.</summary>
    internal TimeSpan KeepAliveInterval => TimeSpan.FromMilliseconds(Math.Ceiling(IdleTimeout.TotalMilliseconds / 2));
}
