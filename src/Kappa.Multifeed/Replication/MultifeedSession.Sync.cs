using Kappa.Protocol.Replication;

namespace Kappa.Multifeed.Replication;

/// <summary>
/// Knowing when both sides hold the same feeds (every exchange answered, every exchanged feed in
/// sync as <see cref="FeedChannel.InSync"/> defines it: confirmed by the peer's bitfield, Haves
/// and acks). A non-live session whose peer is live (cabal-core replicates live; a live peer
/// never says it finished) ends here, once synced, by closing its channels itself — instead of
/// waiting for Status messages a live hypercore never sends.
/// </summary>
internal sealed partial class MultifeedSession
{
    /// <summary>The peer said <c>live: true</c> in its multifeed handshake.</summary>
    public bool RemoteLive { get; private set; }

    /// <summary>Both sides hold the same blocks of every exchanged feed, as far as the peer told us (under the lock).</summary>
    /// <remarks>Evaluated afresh (a local append not yet posted to the channels already counts).</remarks>
    public bool IsSynced => Exchanged && _unsynced.Count == 0 && _channels.Values.All(c => c.InSync);

    /// <summary>Completes when <see cref="IsSynced"/> is next true (at once if it is now). Take the lock first.</summary>
    public Task WhenSynced()
    {
        if (IsSynced) return Task.CompletedTask;
        _syncedSignal ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _syncedSignal.Task;
    }

    public void OnChannelSync(FeedChannel channel, bool inSync)
    {
        if (inSync) _unsynced.Remove(channel);
        else if (!channel.Finished) _unsynced.Add(channel);
        CheckDone();
    }

    /// <summary>Wakes sync waiters; a non-live session with a live peer closes once synced.</summary>
    private void CheckSynced()
    {
        if (!IsSynced) return;
        if (_syncedSignal is { } signal)
        {
            _syncedSignal = null;
            signal.TrySetResult();
        }
        if (_options.Live || _options.Sparse || !RemoteLive || Complete) return;
        Complete = true;
        foreach (var channel in _channels.Values) channel.Close();
        _root.Close();
        // multifeed 5 does not answer a Close on its root channel while live (measured against
        // cabal-core 13.2.0), so wait for nothing more: half-close; the peer ends its side in turn.
        Session.EndOutput();
    }
}
