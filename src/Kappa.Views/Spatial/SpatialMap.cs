using Kappa.Core;

namespace Kappa.Views.Spatial;

/// <summary>
/// Turns one entry into spatial rows: add zero or more rows to <paramref name="rows"/>. Throwing
/// faults the view (only it); rows that are not <see cref="SpatialRow.IsValidFor"/> the view's
/// dimension (wrong count, NaN, infinity, no id) are skipped with their links, never wedging it.
/// </summary>
public delegate void SpatialMap(KappaEntry entry, ICollection<SpatialRow> rows);
