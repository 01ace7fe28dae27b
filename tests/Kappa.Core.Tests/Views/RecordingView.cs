using Kappa.Core.Views;

namespace Kappa.Core.Tests.Views;

/// <summary>A view that records every call (map batches, stored states) and can be told to fail.</summary>
internal sealed class RecordingView(int maxBatch = 10, bool persistent = true) : IView, IViewProgress
{
    private readonly Lock _gate = new();
    private byte[]? _state;

    public int MaxBatch => maxBatch;
    public IViewProgress? Progress => persistent ? this : null;
    public List<string> Calls { get; } = [];
    public List<List<(string Key, long Seq, string Value)>> Batches { get; } = [];
    public List<byte[]> States { get; } = [];
    public Func<IReadOnlyList<KappaEntry>, bool>? FailWhen { get; set; }
    public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("boom");
    public byte[]? State { get => _state; set => _state = value; }

    public int MappedEntries
    {
        get { lock (_gate) return Batches.Sum(b => b.Count); }
    }

    public ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, CancellationToken ct)
    {
        if (FailWhen?.Invoke(entries) == true) throw Failure();
        lock (_gate)
        {
            Calls.Add("map");
            Batches.Add([.. entries.Select(e => (e.Key.ToString(), e.Seq, System.Text.Encoding.UTF8.GetString(e.Data.Span).TrimEnd('\n')))]);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<byte[]?> FetchAsync(CancellationToken ct)
    {
        lock (_gate) Calls.Add("fetchState");
        return ValueTask.FromResult(_state);
    }

    public ValueTask StoreAsync(ReadOnlyMemory<byte> state, CancellationToken ct)
    {
        lock (_gate)
        {
            Calls.Add("storeState");
            _state = state.ToArray();
            States.Add(_state);
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            Calls.Add("clearIndex");
            _state = null;
        }
        return ValueTask.CompletedTask;
    }
}
