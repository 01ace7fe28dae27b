namespace Kappa.Views.Query;

/// <summary>
/// How a <see cref="QueryView"/> answers a query (<see cref="QueryView.Explain"/>): the index it
/// scans (null: every entry), which conditions its key range covers, whether its order is the
/// requested sort, what is left to filter per entry, and every candidate's score.
/// </summary>
/// <param name="Index">The index scanned; null for a full scan in feed, seq order.</param>
/// <param name="Equalities">Conditions fixed by the index key prefix (exact, not re-checked).</param>
/// <param name="Range">The range condition on the next index path, scanned as a key range (exact, not re-checked).</param>
/// <param name="SortServed">The scan's order is the requested sort (no sorting in memory; a limit stops the scan early).</param>
/// <param name="Residual">Conditions checked on each scanned entry.</param>
/// <param name="Score">The chosen index's score (0 for a full scan).</param>
/// <param name="Candidates">Every declared index with its score, or why it cannot serve the query.</param>
public sealed record QueryPlan(
    QueryIndex? Index,
    IReadOnlyList<QueryCondition> Equalities,
    QueryCondition? Range,
    bool SortServed,
    IReadOnlyList<QueryCondition> Residual,
    int Score,
    IReadOnlyList<string> Candidates)
{
    /// <summary>One paragraph a person can read.</summary>
    public override string ToString()
    {
        var scan = Index is null ? "full scan of every entry (feed, seq order)" : $"index {Index} (score {Score})";
        var key = Index is null ? "" : $"; key: {(Equalities.Count == 0 ? "" : string.Join(", ", Equalities))}{(Range is null ? "" : (Equalities.Count == 0 ? "" : ", ") + Range)}";
        var filter = Residual.Count == 0 ? "" : $"; filter: {string.Join(" and ", Residual)}";
        return $"{scan}{key}{filter}; sort {(SortServed ? "from the index" : "in memory")}; candidates: {(Candidates.Count == 0 ? "none" : string.Join("; ", Candidates))}";
    }
}
