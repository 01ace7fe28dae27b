namespace Kappa.Views.Spatial;

/// <summary>
/// One row of a spatial view (unordered-materialized-bkd 1.1's row): version <paramref name="Id"/>
/// of a document, at <paramref name="Point"/>, replacing the versions in <paramref name="Links"/>.
/// </summary>
/// <param name="Id">This version's id, by convention <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c> (<see cref="EntryId"/>). Null or empty: not a row.</param>
/// <param name="Point">
/// The coordinates, as many as the view's dimension, all finite. Null: a tombstone (kappa-osm's
/// <c>{deleted: true, links}</c>): its links supersede as usual and it adds no point.
/// </param>
/// <param name="Links">Ids this version replaces; null and empty items are ignored.</param>
public readonly record struct SpatialRow(string Id, IReadOnlyList<double>? Point, IReadOnlyList<string>? Links = null)
{
    /// <summary>A tombstone: removes the points of <paramref name="links"/> and adds none.</summary>
    public static SpatialRow Tombstone(string id, IReadOnlyList<string> links) => new(id, null, links);

    /// <summary>Whether the view indexes this row: an id, and no point or a point of <paramref name="dimensions"/> finite numbers.</summary>
    public bool IsValidFor(int dimensions)
    {
        if (string.IsNullOrEmpty(Id)) return false;
        if (Point is null) return true;
        if (Point.Count != dimensions) return false;
        foreach (var c in Point)
            if (!double.IsFinite(c)) return false;
        return true;
    }
}
