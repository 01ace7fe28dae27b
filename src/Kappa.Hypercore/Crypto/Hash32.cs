using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Crypto;

/// <summary>32 bytes held inline (a BLAKE2b-256 digest), so tree nodes carry no per-node array.</summary>
[InlineArray(32)]
internal struct Hash32
{
    private byte _e0;

    // Per-block hot path (chunk reads, hashing, replication): inlined into its optimised callers
    // rather than called (AggressiveOptimization would compile it once but keep the call, and the
    // JIT rarely inlines such methods). Measured against the plain method, which ran as tier-0
    // code: 0.19–0.24 → 0.17–0.18 s of CPU indexing 10^6 entries (3 alternating runs).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Hash32 From(ReadOnlySpan<byte> bytes)
    {
        var h = default(Hash32);
        bytes[..32].CopyTo(h);
        return h;
    }

    public readonly bool SequenceEqual(in Hash32 other) =>
        ((ReadOnlySpan<byte>)this).SequenceEqual(other);
}
