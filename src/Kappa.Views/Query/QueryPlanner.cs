namespace Kappa.Views.Query;

/// <summary>
/// Picks the index for a query. An index is eligible only when the query requires every one of
/// its paths (a condition on it, or the sort), because an entry missing an indexed path is not in
/// that index — scanning it would silently drop entries. Among eligible indexes, score =
/// 2 × (leading paths fixed by equalities) + 1 (if the next path has a range) + 1 (if the scan
/// order is the requested sort): equalities narrow the scan most, a range narrows it, and a served
/// sort lets a limit stop early instead of sorting every match. Ties go to the index with fewer
/// paths, then to the one declared first. No eligible index: a full scan.
/// (kappa-view-query 2.0.9 scored exact fields 2 and ranges 1 without the eligibility rule.)
/// </summary>
internal static class QueryPlanner
{
    public static QueryPlan Plan(IReadOnlyList<QueryIndex> indexes, Query query)
    {
        Validate(query);
        var required = query.Conditions.Select(c => c.Path.Text).Append(query.Sort).OfType<string>().ToHashSet(StringComparer.Ordinal);
        QueryPlan? best = null;
        var candidates = new List<string>();
        foreach (var index in indexes)
        {
            var missing = index.Paths.FirstOrDefault(p => !required.Contains(p.Text));
            if (missing is not null)
            {
                candidates.Add($"{index.Name}: not eligible (the query does not require {missing})");
                continue;
            }
            var plan = Score(index, query);
            candidates.Add($"{index.Name}: {plan.Score}");
            if (best is null || plan.Score > best.Score || (plan.Score == best.Score && index.Paths.Count < best.Index!.Paths.Count)) best = plan;
        }
        if (best is null)
            return new QueryPlan(null, [], null, query.Sort is null, query.Conditions, 0, candidates);
        return best with { Candidates = candidates };
    }

    private static QueryPlan Score(QueryIndex index, Query query)
    {
        var equalities = new List<QueryCondition>();
        var i = 0;
        for (; i < index.Paths.Count; i++)
        {
            var eq = query.Conditions.FirstOrDefault(c => c.IsEquality && c.Path.Text == index.Paths[i].Text);
            if (eq is null) break;
            equalities.Add(eq);
        }
        var range = i < index.Paths.Count ? query.Conditions.FirstOrDefault(c => !c.IsEquality && c.RangeKind is not null && c.Path.Text == index.Paths[i].Text) : null;
        var rest = index.Paths.Skip(i).ToList();
        var sortServed = query.Sort is null || (rest.Count == 1 && rest[0].Text == query.Sort);
        var used = new HashSet<QueryCondition>(equalities, ReferenceEqualityComparer.Instance);
        if (range is not null) used.Add(range);
        var score = 2 * equalities.Count + (range is null ? 0 : 1) + (query.Sort is not null && sortServed ? 1 : 0);
        return new QueryPlan(index, equalities, range, sortServed, [.. query.Conditions.Where(c => !used.Contains(c))], score, []);
    }

    private static void Validate(Query query)
    {
        foreach (var c in query.Conditions)
        {
            var bounds = new[] { c.GreaterThan, c.AtLeast, c.LessThan, c.AtMost }.Count(b => b is not null);
            if (c.IsEquality && bounds > 0) throw new ArgumentException($"condition on {c.Path} is both an equality and a range", nameof(query));
            if (!c.IsEquality && bounds == 0) throw new ArgumentException($"condition on {c.Path} has neither a value nor a bound", nameof(query));
        }
        if (query.Limit is < 0) throw new ArgumentException("limit must be 0 or more", nameof(query));
    }
}
