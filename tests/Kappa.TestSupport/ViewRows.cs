using Kappa.Core.Stores;
using Xunit;

namespace Kappa.TestSupport;

/// <summary>A view's stored rows, for the kill -9 tests that compare a killed-and-resumed view with a fresh rebuild.</summary>
public static class ViewRows
{
    /// <summary>The view's data rows (KappaView's <c>!d!</c> prefix), without its progress, in key order.</summary>
    public static async Task<List<KeyValuePair<byte[], byte[]>>> DataAsync(IViewStore store)
    {
        var rows = new List<KeyValuePair<byte[], byte[]>>();
        await foreach (var row in store.ScanAsync(ScanRange.WithPrefix("!d!"u8))) rows.Add(row);
        return rows;
    }

    /// <summary>
    /// Asserts that <paramref name="kept"/> holds exactly the rows of <paramref name="fresh"/>, byte for
    /// byte, and that the rebuild has more than <paramref name="minimum"/> rows (so the test did real work).
    /// </summary>
    public static async Task AssertSameAsync(string name, IViewStore kept, IViewStore fresh, int minimum, int seed)
    {
        var keptData = await DataAsync(kept);
        var freshData = await DataAsync(fresh);
        Assert.True(freshData.Count > minimum, $"{name}: only {freshData.Count} rows (seed {seed})");
        Assert.True(keptData.Count == freshData.Count, $"{name}: {keptData.Count} rows kept, {freshData.Count} rebuilt (seed {seed})");
        Assert.True(keptData.Zip(freshData).All(p => p.First.Key.SequenceEqual(p.Second.Key) && p.First.Value.SequenceEqual(p.Second.Value)), $"{name}: rows differ from a fresh rebuild (seed {seed})");
    }
}
