using Kappa.Hypercore.Bitfield;

namespace Kappa.Hypercore.Tests.Bitfield;

/// <summary>"Is everything before block n stored?" by skipping whole bytes: the same answer as asking block by block, across byte and page edges and missing pages.</summary>
public sealed class FirstMissingDataTests
{
    [Fact]
    public void Agrees_with_a_block_by_block_scan_on_random_bitfields()
    {
        const int seed = 20261202;
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var bits = new FeedBitfield();
            var length = random.Next(1, 40_000);
            // Mostly stored with a few holes (a feed being downloaded), sometimes a whole page left out.
            var skipPage = random.Next(3) == 0 ? random.Next(0, length / 8192 + 1) : -1;
            for (var i = 0; i < length; i++)
                if (i / 8192 != skipPage && random.Next(1000) != 0) bits.SetData((ulong)i, true);
            for (var q = 0; q < 20; q++)
            {
                var start = random.Next(0, length);
                var end = random.Next(start, length + 20);
                var expected = start;
                while (expected < end && bits.HasData((ulong)expected)) expected++;
                Assert.True(expected == bits.FirstMissingData(start, end), $"seed {seed}, round {round}: [{start}, {end})");
            }
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(8, 8)]
    [InlineData(8191, 8191)]
    [InlineData(8192, 8192)]
    [InlineData(20_000, 20_000)]
    public void A_fully_stored_prefix_reports_its_end(int length, long expected)
    {
        var bits = new FeedBitfield();
        for (var i = 0UL; i < (ulong)length; i++) bits.SetData(i, true);
        Assert.Equal(expected, bits.FirstMissingData(0, length));
        Assert.Equal(length, bits.FirstMissingData(0, length + 100)); // past the stored blocks: the first one after them
    }
}
