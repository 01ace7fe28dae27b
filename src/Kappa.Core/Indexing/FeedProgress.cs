namespace Kappa.Core.Indexing;

/// <summary>
/// How far one view has indexed one feed: every block below <see cref="Max"/> (multifeed-index's
/// position), plus ranges indexed beyond holes of a sparse feed — multifeed-index would stall at
/// a hole; we index what is there and return to the hole when it is filled.
/// </summary>
internal sealed class FeedProgress
{
    private List<(long Start, long End)> _beyond = [];

    public FeedProgress(long max = 0) => Max = max;

    /// <summary>Every block below this is indexed.</summary>
    public long Max { get; private set; }

    /// <summary>Disjoint ranges [Start, End) above <see cref="Max"/>, sorted.</summary>
    public IReadOnlyList<(long Start, long End)> Beyond => _beyond;

    public long IndexedCount => Max + _beyond.Sum(r => r.End - r.Start);

    /// <summary>The first block ≥ <paramref name="from"/> not yet indexed.</summary>
    public long NextUnindexed(long from)
    {
        if (from < Max) from = Max;
        foreach (var (start, end) in _beyond)
        {
            if (from < start) break;
            if (from < end) from = end;
        }
        return from;
    }

    /// <summary>The first indexed block ≥ <paramref name="from"/> (long.MaxValue when none): where a new batch must stop.</summary>
    public long NextIndexed(long from)
    {
        foreach (var (start, end) in _beyond)
            if (end > from) return Math.Max(start, from);
        return long.MaxValue;
    }

    public void MarkIndexed(long start, long end)
    {
        if (start == Max)
        {
            Max = end;
            while (_beyond.Count > 0 && _beyond[0].Start <= Max)
            {
                Max = Math.Max(Max, _beyond[0].End);
                _beyond.RemoveAt(0);
            }
            return;
        }
        var at = 0;
        while (at < _beyond.Count && _beyond[at].Start < start) at++;
        _beyond.Insert(at, (start, end));
        // Merge touching neighbours so ranges stay few.
        for (var i = Math.Max(0, at - 1); i + 1 < _beyond.Count;)
        {
            if (_beyond[i].End >= _beyond[i + 1].Start)
            {
                _beyond[i] = (_beyond[i].Start, Math.Max(_beyond[i].End, _beyond[i + 1].End));
                _beyond.RemoveAt(i + 1);
            }
            else if (i > at) break;
            else i++;
        }
    }

    public (long Max, List<(long, long)> Beyond) Snapshot() => (Max, [.. _beyond]);

    public void Restore((long Max, List<(long, long)> Beyond) snapshot)
    {
        Max = snapshot.Max;
        _beyond = snapshot.Beyond;
    }

    internal void SetBeyond(List<(long Start, long End)> ranges) => _beyond = ranges;
}
