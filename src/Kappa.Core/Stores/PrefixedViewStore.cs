using System.Runtime.CompilerServices;

namespace Kappa.Core.Stores;

/// <summary>A store seen through a key prefix (like subleveldown): one database holds several views' data and state.</summary>
internal sealed class PrefixedViewStore(IViewStore inner, ReadOnlySpan<byte> prefix) : IViewStore, IRecoverableViewStore
{
    private readonly byte[] _prefix = prefix.ToArray();

    public RocksDbViewStore? Root => (inner as IRecoverableViewStore)?.Root;

    public ValueTask<byte[]?> GetAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.GetAsync(Full(key.Span), ct);

    public ValueTask PutAsync(ReadOnlyMemory<byte> key, ReadOnlyMemory<byte> value, CancellationToken ct = default) => inner.PutAsync(Full(key.Span), value, ct);

    public ValueTask DeleteAsync(ReadOnlyMemory<byte> key, CancellationToken ct = default) => inner.DeleteAsync(Full(key.Span), ct);

    public ValueTask WriteAsync(ViewStoreBatch batch, CancellationToken ct = default) => inner.WriteAsync(Prefixed(batch), ct);

    private ViewStoreBatch Prefixed(ViewStoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var prefixed = new ViewStoreBatch();
        foreach (var (key, value) in batch.Operations)
        {
            if (value is null) prefixed.DeleteOwned(Full(key));
            else prefixed.PutOwned(Full(key), value); // the batch's own value array: it made a copy when it was added
        }
        return prefixed;
    }

    public async IAsyncEnumerable<KeyValuePair<byte[], byte[]>> ScanAsync(ScanRange? range = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var (key, value) in inner.ScanAsync(Translate(range), ct).ConfigureAwait(false))
            yield return new KeyValuePair<byte[], byte[]>(key[_prefix.Length..], value);
    }

    public ValueTask DeleteRangeAsync(ScanRange? range = null, CancellationToken ct = default) => inner.DeleteRangeAsync(Translate(range), ct);

    public IViewStore WithPrefix(ReadOnlySpan<byte> prefix) => new PrefixedViewStore(inner, Full(prefix));

    /// <summary>The prefixed view does not own the store.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private ScanRange Translate(ScanRange? range)
    {
        range ??= new ScanRange();
        return range with
        {
            Prefix = Full(range.Prefix ?? []),
            Start = range.Start is null ? null : Full(range.Start),
            End = range.End is null ? ByteOrder.PrefixEnd(_prefix) : Full(range.End),
        };
    }

    private byte[] Full(ReadOnlySpan<byte> key)
    {
        var full = new byte[_prefix.Length + key.Length];
        _prefix.CopyTo(full, 0);
        key.CopyTo(full.AsSpan(_prefix.Length));
        return full;
    }
}
