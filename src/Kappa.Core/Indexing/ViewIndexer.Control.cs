using Kappa.Core.Views;

namespace Kappa.Core.Indexing;

internal sealed partial class ViewIndexer
{
    private readonly List<(long Run, TaskCompletionSource Done)> _waiters = [];
    private TaskCompletionSource? _paused;

    public ViewStatus Status
    {
        get
        {
            lock (_gate) return new ViewStatus(Name, Version, _state, Volatile.Read(ref _indexedCount), Math.Max(_totalSeen, _store.Feeds.Sum(f => f.Length)), _error);
        }
    }

    /// <summary>Completes once every entry stored now is indexed; throws the view's error if it is (or becomes) faulted or paused.</summary>
    public Task ReadyAsync(CancellationToken ct)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_state == ViewState.Faulted) return Task.FromException(_error!);
            if (_state == ViewState.Paused) return Task.FromException(new ViewException(ViewException.Paused, Name, "the view is paused; resume it first"));
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Satisfied by the first run that starts after this call and indexes all it found.
            _waiters.Add((_runsStarted + 1, done));
        }
        Wake();
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Idle → paused at once; indexing → after the current batch.</summary>
    public Task PauseAsync(CancellationToken ct)
    {
        Task wait;
        lock (_gate)
        {
            if (_state is ViewState.Paused) return Task.CompletedTask;
            if (_state is ViewState.Idle or ViewState.Faulted)
            {
                _state = ViewState.Paused;
                wait = Task.CompletedTask;
            }
            else
            {
                _pauseRequested = true;
                _paused ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _paused.Task;
            }
        }
        if (wait.IsCompleted) RaiseStateChanged();
        return wait.WaitAsync(ct);
    }

    /// <summary>Paused or faulted → idle, and indexing resumes (a faulted batch is retried).</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _pauseRequested = false;
            if (_state is not (ViewState.Paused or ViewState.Faulted)) return;
            _state = ViewState.Idle;
            _error = null;
        }
        RaiseStateChanged();
        Wake();
    }

    private void SetState(ViewState state, ViewException? error)
    {
        lock (_gate)
        {
            if (_state == state && error is null) return;
            _state = state;
            _error = error;
        }
        RaiseStateChanged();
    }

    private void RaiseStateChanged() => StateChanged?.Invoke(this, Status);

    private void CompletePause()
    {
        TaskCompletionSource? paused;
        lock (_gate)
        {
            paused = _paused;
            _paused = null;
        }
        paused?.TrySetResult();
    }

    private void ReleaseWaiters(long completedRun)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Run > completedRun) continue;
            _waiters[i].Done.TrySetResult();
            _waiters.RemoveAt(i);
        }
    }

    private void FailWaiters(Exception error)
    {
        List<(long, TaskCompletionSource Done)> failed;
        lock (_gate)
        {
            failed = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var w in failed) w.Done.TrySetException(error);
        CompletePause();
    }
}
