namespace Kappa.Protocol.Replication;

/// <summary>A snapshot of a replication session's progress.</summary>
/// <param name="FeedsTotal">Feeds this session replicates (known so far).</param>
/// <param name="FeedsDone">Feeds whose channel finished (non-live).</param>
/// <param name="BlocksReceived">Verified blocks stored from the peer.</param>
/// <param name="BytesReceived">Bytes of those blocks.</param>
/// <param name="BlocksSent">Blocks uploaded to the peer.</param>
/// <param name="BytesSent">Bytes of those blocks.</param>
public readonly record struct ReplicationProgress(int FeedsTotal, int FeedsDone, long BlocksReceived, long BytesReceived, long BlocksSent, long BytesSent);

/// <summary>Thread-safe counters behind <see cref="ReplicationProgress"/>.</summary>
internal sealed class ReplicationCounters
{
    private long _blocksReceived, _bytesReceived, _blocksSent, _bytesSent;
    private int _feedsTotal, _feedsDone;

    public void Received(int bytes)
    {
        Interlocked.Increment(ref _blocksReceived);
        Interlocked.Add(ref _bytesReceived, bytes);
        Diagnostics.ReplicationMetrics.Received(bytes);
    }

    public void Sent(int bytes)
    {
        Interlocked.Increment(ref _blocksSent);
        Interlocked.Add(ref _bytesSent, bytes);
        Diagnostics.ReplicationMetrics.Sent(bytes);
    }

    public void FeedAdded() => Interlocked.Increment(ref _feedsTotal);

    public void FeedDone() => Interlocked.Increment(ref _feedsDone);

    public ReplicationProgress Snapshot() => new(
        Volatile.Read(ref _feedsTotal), Volatile.Read(ref _feedsDone),
        Interlocked.Read(ref _blocksReceived), Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _blocksSent), Interlocked.Read(ref _bytesSent));
}
