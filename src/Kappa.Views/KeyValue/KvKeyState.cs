namespace Kappa.Views.KeyValue;

/// <summary>
/// One key's heads while a batch touches it, kept sorted by encoded bytes (= <see cref="KvIdOrder"/>).
/// One object per key and batch, short-lived on purpose: measured, a long-lived object per key
/// refilled with each batch's ids cost more in GC (old objects pointing at new ones) and cache
/// misses than it saved.
/// </summary>
internal sealed class KvKeyState(string key, byte[]? committed)
{
    public string Key { get; } = key;

    /// <summary>The committed heads value (null = no heads).</summary>
    public byte[]? Committed { get; } = committed;

    public List<byte[]> Ids { get; } = committed is null ? new(1) : KvLayout.ReadIds(committed);

    public bool Dirty { get; private set; }

    public void Add(byte[] id)
    {
        var i = Find(id);
        if (i >= 0) return;
        Ids.Insert(~i, id);
        Dirty = true;
    }

    public bool Remove(byte[] id)
    {
        var i = Find(id);
        if (i < 0) return false;
        Ids.RemoveAt(i);
        Dirty = true;
        return true;
    }

    private int Find(byte[] id)
    {
        int lo = 0, hi = Ids.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = Ids[mid].AsSpan().SequenceCompareTo(id);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return ~lo;
    }
}
