namespace Kappa.Views.BackRefs;

/// <summary>The current documents referencing <paramref name="Id"/>, in <see cref="KeyValue.KvIdOrder"/>.</summary>
/// <param name="Id">The referenced id.</param>
/// <param name="Referrers">Ids of the current (not superseded) documents that reference it; sorted, never duplicated; empty when none.</param>
public sealed record BackRefChange(string Id, IReadOnlyList<string> Referrers);
