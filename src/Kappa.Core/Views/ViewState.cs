namespace Kappa.Core.Views;

/// <summary>What a view's indexer is doing.</summary>
public enum ViewState
{
    /// <summary>Mapping batches.</summary>
    Indexing,

    /// <summary>Caught up with every entry stored locally.</summary>
    Idle,

    /// <summary>Paused by <c>PauseAsync</c>; appends are noted and indexed after <c>Resume</c>.</summary>
    Paused,

    /// <summary>Stopped by an error (map threw, or a block failed to read or verify); <c>Resume</c> retries.</summary>
    Faulted,
}

/// <summary>A snapshot of a view's state and progress.</summary>
/// <param name="Name">The view's name.</param>
/// <param name="Version">The view's version.</param>
/// <param name="State">Indexing, idle, paused or faulted.</param>
/// <param name="IndexedEntries">Entries indexed so far.</param>
/// <param name="TotalEntries">Entries stored locally across all feeds.</param>
/// <param name="Error">Why the view is faulted, if it is.</param>
public sealed record ViewStatus(string Name, int Version, ViewState State, long IndexedEntries, long TotalEntries, ViewException? Error);
