using System.Text;
using Kappa.Core.Indexing;
using Kappa.Core.Stores;
using Kappa.Hypercore.Crypto;

namespace Kappa.Core.Views;

/// <summary>A <see cref="KappaView"/>'s committed progress, read from its store without running it (for tools such as <c>kappa info</c>).</summary>
/// <param name="Version">The view version the progress belongs to.</param>
/// <param name="Indexed">Entries indexed per feed.</param>
public sealed record StoredViewProgress(int Version, IReadOnlyDictionary<FeedKey, long> Indexed)
{
    /// <summary>Total entries indexed.</summary>
    public long Total => Indexed.Values.Sum();

    /// <summary>The progress stored in <paramref name="store"/>, or null when the view never committed a batch.</summary>
    public static async Task<StoredViewProgress?> ReadAsync(IViewStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = await store.GetAsync("!s!state"u8.ToArray(), ct).ConfigureAwait(false);
        if (text is null) return null;
        var progress = IndexProgress.Decode(Convert.FromBase64String(Encoding.ASCII.GetString(text)), out var version);
        return new StoredViewProgress((int)version, progress.PerFeed());
    }
}
