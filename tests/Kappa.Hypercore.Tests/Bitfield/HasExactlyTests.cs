using Kappa.Hypercore.Bitfield;

namespace Kappa.Hypercore.Tests.Bitfield;

/// <summary>A writer's open check: the data bits say exactly blocks 0 … length-1, across page edges.</summary>
public sealed class HasExactlyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(20_000)]
    public void Exactly_the_first_blocks_set_is_exact_and_one_bit_more_or_less_is_not(int length)
    {
        var bits = Filled(length);
        Assert.True(bits.HasExactly(length));
        Assert.False(bits.HasExactly(length + 1));
        if (length > 0) Assert.False(bits.HasExactly(length - 1));

        bits.SetData((ulong)length + 9000, true); // a stray bit far past the end, on a later page
        Assert.False(bits.HasExactly(length));
        bits.SetData((ulong)length + 9000, false);
        Assert.True(bits.HasExactly(length));
        if (length > 1)
        {
            bits.SetData((ulong)length / 2, false); // a hole in the middle
            Assert.False(bits.HasExactly(length));
        }
    }

    private static FeedBitfield Filled(int length)
    {
        var bits = new FeedBitfield();
        for (var i = 0UL; i < (ulong)length; i++) bits.SetData(i, true);
        return bits;
    }
}
