namespace Kappa.Views.Query;

/// <summary>
/// A query over a <see cref="QueryView"/>: conditions that must all hold, an optional sort path,
/// direction and limit (kappa-view-query's <c>[{$filter}, {$sort}]</c> with <c>reverse</c> and
/// <c>limit</c>). Build it fluently: <c>Query.Where("type", "chat/text").Range("timestamp", atLeast: 100).OrderBy("timestamp")</c>.
/// </summary>
public sealed record Query
{
    /// <summary>Conditions that must all hold.</summary>
    public IReadOnlyList<QueryCondition> Conditions { get; init; } = [];

    /// <summary>Order results by the scalar at this path (ties by feed, then seq); entries without a scalar there are left out. Null: the chosen index's order.</summary>
    public string? Sort { get; init; }

    /// <summary>Reverse the order.</summary>
    public bool Reverse { get; init; }

    /// <summary>At most this many results (null: all); for a live query, it limits the old results only.</summary>
    public int? Limit { get; init; }

    /// <summary>A query with one equality condition.</summary>
    public static Query Where(string path, Kappa.Views.List.SortValue value) => new Query().And(path, value);

    /// <summary>Adds an equality condition.</summary>
    public Query And(string path, Kappa.Views.List.SortValue value) => this with { Conditions = [.. Conditions, new QueryCondition(path) { Equal = value }] };

    /// <summary>Adds a range condition (bounds of one kind: numbers, strings or booleans).</summary>
    public Query Range(string path, Kappa.Views.List.SortValue? greaterThan = null, Kappa.Views.List.SortValue? atLeast = null, Kappa.Views.List.SortValue? lessThan = null, Kappa.Views.List.SortValue? atMost = null) =>
        this with { Conditions = [.. Conditions, new QueryCondition(path) { GreaterThan = greaterThan, AtLeast = atLeast, LessThan = lessThan, AtMost = atMost }] };

    /// <summary>Sorts by <paramref name="path"/>.</summary>
    public Query OrderBy(string path, bool reverse = false) => this with { Sort = path, Reverse = reverse };

    /// <summary>Caps the result count.</summary>
    public Query Take(int limit) => this with { Limit = limit };

    /// <inheritdoc />
    public override string ToString() =>
        $"where {(Conditions.Count == 0 ? "(all)" : string.Join(" and ", Conditions))}{(Sort is null ? "" : $" sort {Sort}{(Reverse ? " desc" : "")}")}{(Limit is { } l ? $" limit {l}" : "")}";
}
