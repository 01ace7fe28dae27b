namespace Kappa.Swarm.Mdns;

/// <summary>A token bucket refilled every second: bounds the work a flood of packets can cause. Thread-safe.</summary>
internal sealed class RateGate(int perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _windowStart = time.GetTimestamp();
    private int _used;

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(_windowStart, now) >= TimeSpan.FromSeconds(1))
            {
                _windowStart = now;
                _used = 0;
            }
            if (_used >= perSecond) return false;
            _used++;
            return true;
        }
    }
}
