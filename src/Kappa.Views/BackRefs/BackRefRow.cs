namespace Kappa.Views.BackRefs;

/// <summary>
/// One row of a back-references view (unordered-materialized-backrefs 1.0's document): document
/// version <paramref name="Id"/> references the ids in <paramref name="Refs"/> and replaces the
/// versions in <paramref name="Links"/>.
/// </summary>
/// <param name="Id">This version's id, by convention <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c> (<see cref="EntryId"/>). Null or empty: not a row.</param>
/// <param name="Refs">Ids this version references (a way's nodes, a reply's message); null and empty items are ignored; null = none.</param>
/// <param name="Links">Ids this version replaces (their references are dropped); null and empty items are ignored; null = none.</param>
public readonly record struct BackRefRow(string Id, IReadOnlyList<string>? Refs = null, IReadOnlyList<string>? Links = null)
{
    /// <summary>False for rows the view ignores (no id); a malformed row never wedges the view.</summary>
    public bool IsValid => !string.IsNullOrEmpty(Id);
}
