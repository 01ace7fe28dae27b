namespace Kappa.Core.Views;

/// <summary>
/// A materialized view, as in kappa-core 6: <see cref="MapAsync"/> receives batches of entries
/// from every feed, in any order, and builds an index. Without <see cref="Progress"/> the view's
/// progress lives in memory and the view is rebuilt at every start, as in kappa-core.
/// </summary>
public interface IView
{
    /// <summary>Largest batch handed to <see cref="MapAsync"/> (kappa-core's default: 10). A batch never mixes feeds.</summary>
    int MaxBatch => 10;

    /// <summary>Where the view keeps its progress; null = in memory only.</summary>
    IViewProgress? Progress => null;

    /// <summary>Indexes one batch. Throwing faults this view (only this one) with the error; <c>Resume</c> retries the batch.</summary>
    ValueTask MapAsync(IReadOnlyList<KappaEntry> entries, CancellationToken ct);

    /// <summary>Called after a batch was mapped and its progress stored.</summary>
    void OnIndexed(IReadOnlyList<KappaEntry> entries) { }
}

/// <summary>A view that offers an API object (e.g. <c>GetAsync()</c> of a sum), reachable by the view's name on the core.</summary>
public interface IView<out TApi> : IView where TApi : class
{
    /// <summary>Creates the view's API; its functions receive the core first (it is passed here once).</summary>
    TApi CreateApi(KappaCore core, string name);
}
