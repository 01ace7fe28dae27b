namespace Kappa.Views.List;

/// <summary>
/// Where a list map puts an entry: in <paramref name="Partition"/> (e.g. a Cabal channel; null for
/// a list without partitions), ordered by <paramref name="Sort"/> (e.g. a timestamp). Ties are
/// broken by the entry's feed then seq, so equal sort values never collide.
/// </summary>
/// <param name="Partition">The partition; partitions never see each other's entries.</param>
/// <param name="Sort">The typed sort value.</param>
public readonly record struct ListKey(string? Partition, SortValue Sort);
