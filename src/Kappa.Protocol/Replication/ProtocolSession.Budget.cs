namespace Kappa.Protocol.Replication;

/// <summary>
/// Requests in flight across all feed channels of a session are capped, so a session with
/// hundreds of feeds keeps a bounded pipeline (and bounded memory for the replies) instead of
/// hundreds × the per-feed window. Channels that find the budget spent queue up and are woken,
/// in order, as replies free slots. All under the session lock.
/// </summary>
internal sealed partial class ProtocolSession
{
    /// <summary>Requests in flight per session, across all feeds.</summary>
    public const int MaxRequestsInFlight = 512;

    private readonly Queue<FeedChannel> _waitingForSlots = new();
    private int _requestSlots = MaxRequestsInFlight;

    /// <summary>Takes one request slot; when none is left, <paramref name="channel"/> is queued to be woken.</summary>
    public bool TryTakeRequestSlot(FeedChannel channel)
    {
        if (_requestSlots > 0)
        {
            _requestSlots--;
            return true;
        }
        if (!_waitingForSlots.Contains(channel)) _waitingForSlots.Enqueue(channel);
        return false;
    }

    /// <summary>Gives back <paramref name="count"/> slots and wakes queued channels.</summary>
    public void ReturnRequestSlots(int count)
    {
        _requestSlots = Math.Min(MaxRequestsInFlight, _requestSlots + count);
        for (var woken = 0; woken < count && _waitingForSlots.Count > 0; woken++)
        {
            var channel = _waitingForSlots.Dequeue();
            Post(channel.Resume);
        }
    }
}
