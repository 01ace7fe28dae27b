using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;
using Kappa.Multifeed.Store;

namespace Kappa.TestSupport;

/// <summary>Waiting for a feed that a peer is about to send: it joins the store during replication.</summary>
public static class FeedArrival
{
    /// <summary>The feed with <paramref name="hexKey"/> once <paramref name="store"/> holds it (woken by
    /// <see cref="FeedStore.FeedAdded"/>, no polling); cancelled by <paramref name="ct"/>.</summary>
    public static async Task<Feed> WaitAsync(FeedStore store, string hexKey, CancellationToken ct)
    {
        var key = FeedKey.Parse(hexKey);
        var arrived = new TaskCompletionSource<Feed>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAdded(object? sender, FeedAddedEventArgs e)
        {
            if (e.Feed.Key == key) arrived.TrySetResult(e.Feed);
        }
        store.FeedAdded += OnAdded;
        try
        {
            // Checked after subscribing: a feed added in between is seen either way.
            if (store.Feed(key) is { } present) return present;
            return await arrived.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            store.FeedAdded -= OnAdded;
        }
    }

    /// <summary><see cref="WaitAsync(FeedStore, string, CancellationToken)"/> bounded by <paramref name="timeout"/>.</summary>
    public static async Task<Feed> WaitAsync(FeedStore store, string hexKey, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await WaitAsync(store, hexKey, cts.Token).ConfigureAwait(false);
    }
}
