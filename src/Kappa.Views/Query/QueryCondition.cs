using System.Text.Json;
using Kappa.Views.List;

namespace Kappa.Views.Query;

/// <summary>
/// One condition on the scalar at <see cref="Path"/>: equal to a value, or within a range.
/// Typed: a number matches only numbers (<c>100</c> never matches <c>"100"</c>), a range bound
/// of one kind matches only values of that kind, and an entry without a scalar at the path never
/// matches.
/// </summary>
public sealed record QueryCondition
{
    /// <summary>A condition on <paramref name="path"/>; set <see cref="Equal"/> or the range bounds.</summary>
    public QueryCondition(string path) => Path = JsonPath.Parse(path);

    /// <summary>The dotted path the condition tests.</summary>
    public JsonPath Path { get; }

    /// <summary>The value must equal this.</summary>
    public SortValue? Equal { get; init; }

    /// <summary>The value must be greater than this.</summary>
    public SortValue? GreaterThan { get; init; }

    /// <summary>The value must be at least this.</summary>
    public SortValue? AtLeast { get; init; }

    /// <summary>The value must be less than this.</summary>
    public SortValue? LessThan { get; init; }

    /// <summary>The value must be at most this.</summary>
    public SortValue? AtMost { get; init; }

    /// <summary>True when this is an equality (not a range).</summary>
    public bool IsEquality => Equal is not null;

    /// <summary>The kind every range bound has (null when bounds mix kinds: nothing can match).</summary>
    internal SortKind? RangeKind
    {
        get
        {
            var kinds = new[] { GreaterThan, AtLeast, LessThan, AtMost }.Where(b => b is not null).Select(b => Group(b!.Value.Kind)).Distinct().ToList();
            return kinds.Count == 1 ? kinds[0] : null;
        }
    }

    /// <summary>Whether <paramref name="value"/> satisfies the condition.</summary>
    public bool Matches(SortValue value)
    {
        if (Equal is { } eq) return value == eq;
        if (RangeKind is not { } kind || Group(value.Kind) != kind) return false;
        return (GreaterThan is not { } gt || value > gt) && (AtLeast is not { } ge || value >= ge)
            && (LessThan is not { } lt || value < lt) && (AtMost is not { } le || value <= le);
    }

    /// <summary>Whether the entry <paramref name="root"/> satisfies the condition.</summary>
    public bool Matches(JsonElement root) => Path.TryGet(root, out var found) && SortValue.TryFromJson(found, out var value) && Matches(value);

    /// <inheritdoc />
    public override string ToString()
    {
        if (Equal is { } eq) return $"{Path} = {eq}";
        var parts = new List<string>();
        if (GreaterThan is { } gt) parts.Add($"> {gt}");
        if (AtLeast is { } ge) parts.Add($">= {ge}");
        if (LessThan is { } lt) parts.Add($"< {lt}");
        if (AtMost is { } le) parts.Add($"<= {le}");
        return $"{Path} {string.Join(" and ", parts)}";
    }

    /// <summary>Booleans form one kind for ranges (false &lt; true).</summary>
    internal static SortKind Group(SortKind kind) => kind == SortKind.True ? SortKind.False : kind;
}
