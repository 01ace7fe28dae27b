namespace Kappa.Views.Spatial;

/// <summary>
/// The Z-order (Morton) key of a point, over all 64 bits of each coordinate, and the BIGMIN step
/// that lets a box query skip the parts of the curve outside the box (Tropf &amp; Herzog 1981,
/// "Multidimensional range search in dynamically balanced trees"; the UB-tree's range query).
/// Hand-written: no maintained .NET library offers a Morton key over full doubles.
/// <para>
/// Each coordinate is first mapped to a u64 whose unsigned order is the double's numeric order
/// (<see cref="Encode"/>): positive values get the sign bit set, negative values have every bit
/// flipped, -0 is +0. The key then takes bit 63 of coordinate 0, bit 63 of coordinate 1, …, bit 62 of
/// coordinate 0, … down to bit 0, packed most significant bit first: <c>8 × dimensions</c> bytes.
/// Because nothing is rounded, a comparison of encoded values is exactly the comparison of the
/// doubles (unordered-materialized-bkd under kappa-osm stores float32 and misses edge points).
/// </para>
/// </summary>
internal static class ZOrder
{
    private const ulong Sign = 0x8000_0000_0000_0000;

    /// <summary>The order-preserving u64 of a non-NaN double (-0 and +0 are one value).</summary>
    public static ulong Encode(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value == 0 ? 0.0 : value);
        return (bits & Sign) != 0 ? ~bits : bits | Sign;
    }

    /// <summary>The double of an <see cref="Encode"/>d value.</summary>
    public static double Decode(ulong encoded) =>
        BitConverter.UInt64BitsToDouble((encoded & Sign) != 0 ? encoded & ~Sign : ~encoded);

    /// <summary>Interleaves <paramref name="values"/> (encoded coordinates) into <c>8 × values.Length</c> bytes.</summary>
    public static void Interleave(ReadOnlySpan<ulong> values, Span<byte> key)
    {
        var dims = values.Length;
        key[..(8 * dims)].Clear();
        var position = 0;
        for (var bit = 63; bit >= 0; bit--)
            for (var d = 0; d < dims; d++, position++)
                if (((values[d] >> bit) & 1) != 0) key[position >> 3] |= (byte)(0x80 >> (position & 7));
    }

    /// <summary>The encoded coordinates of a key written by <see cref="Interleave"/>.</summary>
    public static void Deinterleave(ReadOnlySpan<byte> key, Span<ulong> values)
    {
        var dims = values.Length;
        values.Clear();
        var position = 0;
        for (var bit = 63; bit >= 0; bit--)
            for (var d = 0; d < dims; d++, position++)
                if ((key[position >> 3] & (0x80 >> (position & 7))) != 0) values[d] |= 1UL << bit;
    }

    /// <summary>Whether every coordinate lies in [<paramref name="min"/>, <paramref name="max"/>] (inclusive, exact).</summary>
    public static bool Inside(ReadOnlySpan<ulong> values, ReadOnlySpan<ulong> min, ReadOnlySpan<ulong> max)
    {
        for (var d = 0; d < values.Length; d++)
            if (values[d] < min[d] || values[d] > max[d]) return false;
        return true;
    }

    /// <summary>
    /// BIGMIN: the smallest point in the box whose Z-key is greater than that of
    /// <paramref name="outside"/> (a point in the key range of the box but not inside it). False
    /// when no point of the box comes later on the curve. Walks the key's bits from the top,
    /// narrowing the box's Z-interval [min, max] to the half <paramref name="outside"/> lies in,
    /// and remembers the start of the upper half each time it takes the lower one.
    /// </summary>
    public static bool TryBigMin(ReadOnlySpan<ulong> outside, ReadOnlySpan<ulong> boxMin, ReadOnlySpan<ulong> boxMax, Span<ulong> result)
    {
        var dims = outside.Length;
        Span<ulong> min = stackalloc ulong[dims];
        Span<ulong> max = stackalloc ulong[dims];
        boxMin.CopyTo(min);
        boxMax.CopyTo(max);
        var found = false;
        for (var bit = 63; bit >= 0; bit--)
        {
            var mask = 1UL << bit;
            var below = mask - 1;
            for (var d = 0; d < dims; d++)
            {
                var z = (outside[d] & mask) != 0;
                var lo = (min[d] & mask) != 0;
                var hi = (max[d] & mask) != 0;
                if (z == lo && lo == hi) continue; // all on one side: go on down
                if (!z && !lo) // z in the lower half of an interval that spans both halves
                {
                    min.CopyTo(result); // the upper half starts at min with this bit set, lower bits clear
                    result[d] = (min[d] & ~(mask | below)) | mask;
                    found = true;
                    max[d] = (max[d] & ~(mask | below)) | below; // continue in the lower half
                }
                else if (!z) // (0, 1, 1): the whole interval is above z
                {
                    min.CopyTo(result);
                    return true;
                }
                else if (!hi) return found; // (1, 0, 0): the whole interval is below z
                else min[d] = (min[d] & ~(mask | below)) | mask; // (1, 0, 1): continue in the upper half
            }
        }
        return found;
    }

    /// <summary>The key of encoded coordinates (as <see cref="Interleave"/>).</summary>
    public static byte[] Key(ReadOnlySpan<ulong> values)
    {
        var key = new byte[8 * values.Length];
        Interleave(values, key);
        return key;
    }
}
