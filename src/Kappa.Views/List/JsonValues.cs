using System.Text.Json;

namespace Kappa.Views.List;

/// <summary>Typed JSON equality: numbers equal numbers numerically (<c>100</c> = <c>100.0</c>), never a string (<c>100</c> ≠ <c>"100"</c>).</summary>
public static class JsonValues
{
    /// <summary>Whether two JSON values are equal: scalars by kind and value, arrays and objects structurally.</summary>
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (SortValue.TryFromJson(a, out var x) && SortValue.TryFromJson(b, out var y)) return x == y;
        return JsonElement.DeepEquals(a, b);
    }
}
