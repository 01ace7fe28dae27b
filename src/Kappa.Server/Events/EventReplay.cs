using System.Globalization;
using System.Security.Cryptography;

namespace Kappa.Server.Events;

/// <summary>
/// Event ids and the recent events kept for a client that reconnects (an EventSource sends the
/// last id it saw as <c>Last-Event-ID</c>). An id is <c>EPOCH-N</c>: N counts the events this
/// server sent, EPOCH is random per server run, so an id from an earlier run never resumes at a
/// wrong place. Bounded by count and by bytes; a client that missed more than is kept starts over
/// with <c>hello</c>. Not thread-safe: the hub calls it under its lock, in send order.
/// </summary>
internal sealed class EventReplay(int maxCount, long maxBytes)
{
    private readonly Queue<(long Id, EventFrame Frame)> _frames = new();
    private readonly string _epoch = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private long _bytes;
    private long _lastId;

    /// <summary>Gives <paramref name="frame"/> the next id and keeps it for replay.</summary>
    public EventFrame Stamp(EventFrame frame)
    {
        var id = ++_lastId;
        var stamped = frame.WithId(string.Create(CultureInfo.InvariantCulture, $"{_epoch}-{id}"));
        _frames.Enqueue((id, stamped));
        _bytes += stamped.Bytes.Length;
        while (_frames.Count > 0 && (_frames.Count > maxCount || _bytes > maxBytes)) _bytes -= _frames.Dequeue().Frame.Bytes.Length;
        return stamped;
    }

    /// <summary>
    /// Every event sent after <paramref name="lastEventId"/>, in order; null when that cannot be
    /// told exactly (no id, another run's id, a malformed one, or events since then no longer kept).
    /// </summary>
    public IReadOnlyList<EventFrame>? Since(string? lastEventId)
    {
        if (lastEventId is null) return null;
        var dash = lastEventId.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0 || lastEventId[..dash] != _epoch
            || !long.TryParse(lastEventId.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            || seen > _lastId || seen < _lastId - _frames.Count) return null;
        return [.. _frames.Where(f => f.Id > seen).Select(f => f.Frame)];
    }
}
