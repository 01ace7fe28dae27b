using Kappa.Core;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.TestSupport;

/// <summary>
/// Drives a view without feeds: builds <see cref="KappaEntry"/> values from JSON bytes and runs a
/// batch through the view's map and its progress commit, exactly as the indexer does
/// (map, then one atomic store of data and progress, then OnIndexed). For model and parity tests
/// that need full control over batches and arrival order.
/// </summary>
public static class ViewDriver
{
    // multifeed-index state for "no feeds, version 1" (indexing.md §4): count 0, then the version.
    private static readonly byte[] EmptyState = [0, 0, 0, 0, 1, 0, 0, 0];

    /// <summary>An entry of feed <paramref name="feed"/> at <paramref name="seq"/> holding <paramref name="json"/> (the JSON value encoding).</summary>
    public static KappaEntry Entry(FeedKey feed, long seq, byte[] json) => new(feed, seq, json, ValueEncoding.Json);

    /// <summary>Maps one batch and commits it with the view's progress (as one indexer step).</summary>
    public static async Task IndexAsync(IView view, IReadOnlyList<KappaEntry> batch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        await view.MapAsync(batch, ct);
        if (view.Progress is { } progress) await progress.StoreAsync(EmptyState, ct);
        view.OnIndexed(batch);
    }
}
