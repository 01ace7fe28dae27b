using Kappa.Views.Spatial;

namespace Kappa.Views.Tests.Spatial;

public class ZOrderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4242)]
    public void Encoded_doubles_sort_as_the_doubles_do(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 2000).Select(_ => random.Next(4) switch
        {
            0 => (random.NextDouble() - 0.5) * 360,
            1 => BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : 0,
            2 => random.Next(-3, 4) * 0.1,
            _ => (double)random.Next(-2, 3),
        }).Concat([0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity]).ToList();
        static double N(double x) => x == 0 ? 0.0 : x; // -0 and +0 are one point
        foreach (var a in values.Take(300))
            foreach (var b in values)
                Assert.True(Math.Sign(ZOrder.Encode(a).CompareTo(ZOrder.Encode(b))) == Math.Sign(N(a).CompareTo(N(b))), $"seed {seed}: {a:R} vs {b:R}");
        foreach (var v in values) Assert.Equal(v == 0 ? 0.0 : v, ZOrder.Decode(ZOrder.Encode(v)));
        Assert.Equal(ZOrder.Encode(0.0), ZOrder.Encode(-0.0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Interleaving_round_trips_and_keeps_each_coordinates_order(int dims)
    {
        var random = new Random(dims);
        for (var n = 0; n < 500; n++)
        {
            var values = Enumerable.Range(0, dims).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63)).ToArray();
            var key = ZOrder.Key(values);
            Assert.Equal(8 * dims, key.Length);
            var back = new ulong[dims];
            ZOrder.Deinterleave(key, back);
            Assert.Equal(values, back);
            var higher = (ulong[])values.Clone();
            var d = random.Next(dims);
            if (higher[d] == ulong.MaxValue) continue;
            higher[d]++;
            Assert.True(ZOrder.Key(higher).AsSpan().SequenceCompareTo(key) > 0, "raising one coordinate raises the key");
        }
    }

    /// <summary>BIGMIN against brute force on a small grid (coordinates use only their low bits, as any real box's differing bits do).</summary>
    [Theory]
    [InlineData(2, 5, 11)]
    [InlineData(3, 3, 12)]
    public void Bigmin_is_the_first_key_inside_the_box_after_an_outside_key(int dims, int bits, int seed)
    {
        var random = new Random(seed);
        var side = 1 << bits;
        var cells = Enumerable.Range(0, (int)Math.Pow(side, dims))
            .Select(i => Enumerable.Range(0, dims).Select(d => (ulong)(i / (int)Math.Pow(side, d) % side)).ToArray())
            .Select(v => (Values: v, Key: ZOrder.Key(v)))
            .OrderBy(c => c.Key, ByteComparer.Instance).ToList();
        for (var round = 0; round < 200; round++)
        {
            var min = new ulong[dims];
            var max = new ulong[dims];
            for (var d = 0; d < dims; d++)
            {
                var a = (ulong)random.Next(side);
                var b = (ulong)random.Next(side);
                (min[d], max[d]) = (Math.Min(a, b), Math.Max(a, b));
            }
            var zmin = ZOrder.Key(min);
            var zmax = ZOrder.Key(max);
            foreach (var (values, key) in cells)
            {
                if (ByteComparer.Instance.Compare(key, zmin) < 0 || ByteComparer.Instance.Compare(key, zmax) > 0 || ZOrder.Inside(values, min, max)) continue;
                var expected = cells.FirstOrDefault(c => ByteComparer.Instance.Compare(c.Key, key) > 0 && ZOrder.Inside(c.Values, min, max));
                var result = new ulong[dims];
                var found = ZOrder.TryBigMin(values, min, max, result);
                Assert.True(found == (expected.Values is not null), $"seed {seed} round {round}: found {found}");
                if (found) Assert.Equal(expected.Values, result);
            }
        }
    }

    internal sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
