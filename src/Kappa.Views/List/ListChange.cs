namespace Kappa.Views.List;

/// <summary>What a <see cref="ListChange"/> of a live tail carries.</summary>
public enum ListChangeKind
{
    /// <summary>An entry that was in the list when the tail started (in the query's order).</summary>
    History,
    /// <summary>The history is complete; everything after this is new.</summary>
    Synced,
    /// <summary>An entry indexed after the tail started; insert it at its <see cref="ListEntry.Position"/> (it may belong in the past).</summary>
    Added,
}

/// <summary>One item of a live tail: a history entry, the synced marker (no entry), or an added entry.</summary>
/// <param name="Kind">What this is.</param>
/// <param name="Entry">The entry (null for <see cref="ListChangeKind.Synced"/>).</param>
public readonly record struct ListChange(ListChangeKind Kind, ListEntry? Entry);
