namespace Kappa.Views.KeyValue;

/// <summary>
/// One row of a key/value view (unordered-materialized-kv 1.3's document): version <paramref name="Id"/>
/// of <paramref name="Key"/>, replacing the versions in <paramref name="Links"/>.
/// </summary>
/// <param name="Key">What the row is about (a document id, a user). Null: not a row.</param>
/// <param name="Id">This version's id, by convention <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c> (<see cref="EntryId"/>). Null or empty: not a row.</param>
/// <param name="Links">Ids this version replaces; null and empty items are ignored.</param>
public readonly record struct KvRow(string Key, string Id, IReadOnlyList<string>? Links = null)
{
    /// <summary>False for rows the view ignores (no key, no id); a malformed row never wedges the view.</summary>
    public bool IsValid => Key is not null && !string.IsNullOrEmpty(Id);
}
