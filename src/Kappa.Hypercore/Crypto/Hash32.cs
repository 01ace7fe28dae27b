using System.Runtime.CompilerServices;

namespace Kappa.Hypercore.Crypto;

/// <summary>32 bytes held inline (a BLAKE2b-256 digest), so tree nodes carry no per-node array.</summary>
[InlineArray(32)]
internal struct Hash32
{
    private byte _e0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per-block hot path: compiled optimised once, not tier 0 then tier 1
    public static Hash32 From(ReadOnlySpan<byte> bytes)
    {
        var h = default(Hash32);
        bytes[..32].CopyTo(h);
        return h;
    }

    public readonly bool SequenceEqual(in Hash32 other) =>
        ((ReadOnlySpan<byte>)this).SequenceEqual(other);
}
