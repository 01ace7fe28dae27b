using Kappa.Protocol.Replication;

namespace Kappa.Protocol.Tests.Replication;

/// <summary>
/// Regression for a hang found by the network simulation: a channel that skipped a block
/// because another session had reserved it was never told when that session gave the block up
/// (its connection was cut), so a non-live session waited forever.
/// </summary>
public class FeedReservationsTests
{
    [Fact]
    public void A_channel_that_skipped_a_reserved_block_is_woken_when_it_is_released()
    {
        var reservations = new FeedReservations();
        var woken = 0;
        Action wake = () => woken++;

        Assert.True(reservations.TryReserve(7));
        Assert.False(reservations.TryReserve(7, wake));
        Assert.False(reservations.TryReserve(7, wake)); // registered once
        reservations.Release(7);

        Assert.Equal(1, woken);
        Assert.True(reservations.TryReserve(7, wake));
    }

    [Fact]
    public void A_closed_channel_is_not_woken()
    {
        var reservations = new FeedReservations();
        var woken = 0;
        Action wake = () => woken++;
        Assert.True(reservations.TryReserve(1));
        Assert.False(reservations.TryReserve(1, wake));
        reservations.StopWaiting(wake);
        reservations.Release(1);
        Assert.Equal(0, woken);
    }

    [Fact]
    public void Releasing_a_block_nobody_reserved_wakes_nobody()
    {
        var reservations = new FeedReservations();
        var woken = 0;
        Action wake = () => woken++;
        Assert.True(reservations.TryReserve(1));
        Assert.False(reservations.TryReserve(1, wake));
        reservations.Release(2);
        Assert.Equal(0, woken);
    }
}
