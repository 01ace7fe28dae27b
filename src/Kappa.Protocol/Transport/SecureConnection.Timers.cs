namespace Kappa.Protocol.Transport;

// Liveness (hypercore-protocol 7.10): fail with ETIMEDOUT when nothing arrives for the idle
// timeout; send an encrypted keep-alive (00) after ceil(timeout / 2) without sending anything.
// Both are one-shot timers re-armed for the remaining time when they fire, so ordinary traffic
// costs a timestamp write, not a timer reschedule. Idleness only counts while we are waiting
// for bytes: a consumer busy elsewhere leaves data unread in the transport, which is not the
// remote's silence.
internal sealed partial class SecureConnection
{
    private readonly Lock _timerLock = new();
    private ITimer? _idleTimer;
    private ITimer? _keepAliveTimer;
    private long _lastReceived;
    private long _lastSent;
    private int _waitingForBytes;

    private void StartIdleTimer()
    {
        if (!_options.TimersEnabled) return;
        lock (_timerLock)
        {
            if (Failure is not null) return;
            _idleTimer = _time.CreateTimer(_ => OnIdleTimer(), null, _options.IdleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void StartKeepAliveTimer()
    {
        if (!_options.TimersEnabled) return;
        Volatile.Write(ref _lastSent, _time.GetTimestamp());
        lock (_timerLock)
        {
            if (Failure is not null) return;
            _keepAliveTimer = _time.CreateTimer(_ => OnKeepAliveTimer(), null, _options.KeepAliveInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private void BeginWaitingForBytes()
    {
        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
        Volatile.Write(ref _waitingForBytes, 1);
    }

    private void EndWaitingForBytes()
    {
        Volatile.Write(ref _waitingForBytes, 0);
        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
    }

    private void OnIdleTimer()
    {
        var timeout = _options.IdleTimeout;
        var idle = _time.GetElapsedTime(Volatile.Read(ref _lastReceived));
        var waiting = Volatile.Read(ref _waitingForBytes) == 1;
        if (waiting && idle >= timeout)
        {
            Fail(new ProtocolException(ProtocolException.Timeout, $"Remote timed out: nothing received for {timeout.TotalMilliseconds} ms (ETIMEDOUT)."));
            return;
        }
        Rearm(ref _idleTimer, waiting ? timeout - idle : timeout);
    }

    private void OnKeepAliveTimer()
    {
        var interval = _options.KeepAliveInterval;
        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastSent));
        if (silent < interval)
        {
            Rearm(ref _keepAliveTimer, interval - silent);
            return;
        }
        _ = SendKeepAliveAsync();
    }

    private async Task SendKeepAliveAsync()
    {
        try
        {
            lock (_sendLock)
            {
                if (_outputCompleted || _encrypt is null) return;
                // Frames already queued make the flush non-empty; no keep-alive needed then.
                if (_pending.Count == 0) Wire.FrameWriter.WriteKeepAlive(_pending);
            }
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProtocolException or ObjectDisposedException or InvalidOperationException)
        {
            // The connection failed or ended meanwhile; Fail is a no-op if it already has.
            Fail(e);
            return;
        }
        Rearm(ref _keepAliveTimer, _options.KeepAliveInterval);
    }

    private void StopKeepAlive()
    {
        lock (_timerLock)
        {
            _keepAliveTimer?.Dispose();
            _keepAliveTimer = null;
        }
    }

    private void Rearm(ref ITimer? timer, TimeSpan due)
    {
        lock (_timerLock)
        {
            if (Failure is null) timer?.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisposeTimers()
    {
        lock (_timerLock)
        {
            _idleTimer?.Dispose();
            _keepAliveTimer?.Dispose();
            _idleTimer = null;
            _keepAliveTimer = null;
        }
    }
}
