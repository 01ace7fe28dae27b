using Kappa.Core;

namespace Kappa.Views.KeyValue;

/// <summary>
/// Turns one entry into key/value rows (kappa-view-kv's map function): add zero or more rows to
/// <paramref name="rows"/>. One entry may touch several keys. Throwing faults the view (only it);
/// rows that are not <see cref="KvRow.IsValid"/> are skipped. Must give the same rows for the same
/// entry every time (as any view's map must, for a rebuild to give the same view): to follow a link
/// to another key, the view may map an already indexed entry again.
/// </summary>
public delegate void KvMap(KappaEntry entry, ICollection<KvRow> rows);
