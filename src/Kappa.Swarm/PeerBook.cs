using System.Net;

namespace Kappa.Swarm;

/// <summary>
/// What the swarm remembers about each address it may dial: busy (dialling or connected), how
/// many attempts failed in a row, when it may be tried again, and bans. Bounded: past
/// <c>capacity</c> the least recently touched idle address is forgotten. Thread-safe.
/// </summary>
internal sealed class PeerBook(int capacity, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, Entry> _entries = [];

    private sealed class Entry
    {
        public bool Busy;
        public int Failures;
        public DateTimeOffset NotBefore;
        public DateTimeOffset Touched;
        public bool Banned;
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>
    /// Marks the address busy and returns true when it may be dialled now. A <paramref name="scheduled"/>
    /// redial is the backoff itself, so only a ban stops it (its timer may fire a tick before the wait ends).
    /// </summary>
    public bool TryBegin(IPEndPoint address, bool scheduled = false)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_entries.TryGetValue(address, out var e))
            {
                if (_entries.Count >= capacity && !Evict()) return false;
                _entries[address] = e = new Entry();
            }
            e.Touched = now;
            if (e.Busy || (now < e.NotBefore && (!scheduled || e.Banned))) return false;
            e.Busy = true;
            e.Banned = false;
            return true;
        }
    }

    /// <summary>A connection to the address was established: failures reset.</summary>
    public void Connected(IPEndPoint address) => Update(address, e => e.Failures = 0);

    /// <summary>
    /// The dial failed or the connection ended; returns the delay before the next attempt, or null
    /// when the backoff list is used up (the address is tried again only when found again, after the last delay).
    /// </summary>
    public TimeSpan? Failed(IPEndPoint address, IReadOnlyList<TimeSpan> backoff)
    {
        TimeSpan? next = null;
        Update(address, e =>
        {
            e.Busy = false;
            if (e.Failures < backoff.Count) next = backoff[e.Failures];
            e.NotBefore = time.GetUtcNow() + (next ?? (backoff.Count > 0 ? backoff[^1] : TimeSpan.Zero));
            e.Failures++;
        });
        return next;
    }

    /// <summary>The address failed the handshake or sent bad data: not dialled again for <paramref name="banTime"/>.</summary>
    public void Ban(IPEndPoint address, TimeSpan banTime) => Update(address, e =>
    {
        e.Busy = false;
        e.Banned = true;
        e.NotBefore = time.GetUtcNow() + banTime;
    });

    /// <summary>The address is no longer busy and may be found again right away (a completed non-live sync).</summary>
    public void Release(IPEndPoint address, TimeSpan wait) => Update(address, e =>
    {
        e.Busy = false;
        e.NotBefore = time.GetUtcNow() + wait;
    });

    public bool Knows(IPEndPoint address)
    {
        lock (_gate) return _entries.ContainsKey(address);
    }

    public bool IsBanned(IPEndPoint address)
    {
        lock (_gate) return _entries.TryGetValue(address, out var e) && e.Banned && time.GetUtcNow() < e.NotBefore;
    }

    private void Update(IPEndPoint address, Action<Entry> change)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(address, out var e)) _entries[address] = e = new Entry();
            change(e);
            e.Touched = time.GetUtcNow();
        }
    }

    private bool Evict()
    {
        IPEndPoint? oldest = null;
        var at = DateTimeOffset.MaxValue;
        foreach (var (address, e) in _entries)
            if (!e.Busy && !e.Banned && e.Touched < at)
            {
                oldest = address;
                at = e.Touched;
            }
        if (oldest is null) return false;
        _entries.Remove(oldest);
        return true;
    }
}
