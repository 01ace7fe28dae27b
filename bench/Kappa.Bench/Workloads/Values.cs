using System.Buffers.Binary;

namespace Kappa.Bench.Workloads;

/// <summary>Entry i of a run: its index (u32 LE) then filler to the requested size — the same bytes bench.js writes.</summary>
internal static class Values
{
    public static byte[] Make(long i, int size)
    {
        var v = new byte[Math.Max(size, 4)];
        v.AsSpan(4).Fill((byte)'x');
        BinaryPrimitives.WriteUInt32LittleEndian(v, (uint)i);
        return v;
    }

    public static uint IndexOf(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt32LittleEndian(value);

    /// <summary>Σ of indices 0..n-1, what a complete run's checksum must be.</summary>
    public static long Checksum(long n) => n * (n - 1) / 2;
}
