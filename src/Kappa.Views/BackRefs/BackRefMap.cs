using Kappa.Core;

namespace Kappa.Views.BackRefs;

/// <summary>
/// Turns one entry into back-reference rows: add zero or more rows to <paramref name="rows"/>.
/// Throwing faults the view (only it); rows that are not <see cref="BackRefRow.IsValid"/> are skipped.
/// </summary>
public delegate void BackRefMap(KappaEntry entry, ICollection<BackRefRow> rows);
