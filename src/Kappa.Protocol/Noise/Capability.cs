using System.Security.Cryptography;
using Kappa.Hypercore.Crypto;

namespace Kappa.Protocol.Noise;

/// <summary>
/// Channel capabilities (simple-hypercore-protocol 1.5.0, replication-protocol.md §6): proof
/// that the sender of an Open knows the feed key, bound to this connection's split keys.
/// <code>
/// sent     = BLAKE2b-256(key = own rx, "hypercore capability" ‖ own tx ‖ feedKey)
/// expected = BLAKE2b-256(key = own tx, "hypercore capability" ‖ own rx ‖ feedKey)
/// </code>
/// (the remote's tx is our rx, so both sides compute the same bytes).
/// </summary>
internal static class Capability
{
    /// <summary>Capability length in bytes.</summary>
    public const int Length = 32;

    private static ReadOnlySpan<byte> Namespace => "hypercore capability"u8;

    /// <summary>The capability to put in our Open for <paramref name="feedKey"/>.</summary>
    public static byte[] Create(ReadOnlySpan<byte> transmitKey, ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> feedKey)
    {
        var output = new byte[Length];
        Compute(output, key: receiveKey, middle: transmitKey, feedKey);
        return output;
    }

    /// <summary>Checks a remote Open's capability in constant time; a missing or short one fails.</summary>
    public static bool Verify(ReadOnlySpan<byte> transmitKey, ReadOnlySpan<byte> receiveKey, ReadOnlySpan<byte> feedKey, ReadOnlySpan<byte> remoteCapability)
    {
        Span<byte> expected = stackalloc byte[Length];
        Compute(expected, key: transmitKey, middle: receiveKey, feedKey);
        return remoteCapability.Length == Length && CryptographicOperations.FixedTimeEquals(expected, remoteCapability);
    }

    private static void Compute(Span<byte> output, ReadOnlySpan<byte> key, ReadOnlySpan<byte> middle, ReadOnlySpan<byte> feedKey)
    {
        if (key.Length != NoisePrimitives.KeyLength || middle.Length != NoisePrimitives.KeyLength)
            throw new ArgumentException("Split keys are 32 bytes.");
        if (feedKey.Length > 64) throw new ArgumentException("Feed keys are 32 bytes.", nameof(feedKey));
        Span<byte> message = stackalloc byte[Namespace.Length + middle.Length + feedKey.Length];
        Namespace.CopyTo(message);
        middle.CopyTo(message[Namespace.Length..]);
        feedKey.CopyTo(message[(Namespace.Length + middle.Length)..]);
        Sodium.GenericHash(output, message, key);
    }
}
