using Kappa.Core.Stores;

namespace Kappa.Core.Views;

/// <summary>
/// The writes of one mapped batch, staged and committed together with the view's progress
/// (<see cref="KappaView"/>). Reads see this batch's own writes first. Not thread-safe: one
/// transaction per batch, used by that batch's map only.
/// </summary>
public sealed class ViewTransaction
{
    private readonly IViewStore _data;

    internal ViewTransaction(IViewStore data) => _data = data;

    internal ViewStoreBatch Pending { get; } = new();

    /// <summary>The write that was in flight when this batch began mapping (its reads came after it): this batch lands only if that one did.</summary>
    internal Task<bool>? After { get; init; }

    /// <summary>The value at <paramref name="key"/> as this batch left it so far.</summary>
    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) =>
        Pending.TryGetPending(key.Span, out var value) ? ValueTask.FromResult(value) : _data.GetAsync(key, ct);

    /// <summary>Stages a put.</summary>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => Pending.Put(key, value);

    /// <summary>Stages a delete.</summary>
    public void Delete(ReadOnlySpan<byte> key) => Pending.Delete(key);

    /// <summary>Stages a put of arrays the caller hands over and never changes again (no copy; see <see cref="ViewStoreBatch.PutOwned"/>).</summary>
    internal void PutOwned(byte[] key, byte[] value) => Pending.PutOwned(key, value);

    /// <summary>Stages a delete of an array the caller hands over (no copy).</summary>
    internal void DeleteOwned(byte[] key) => Pending.DeleteOwned(key);
}
