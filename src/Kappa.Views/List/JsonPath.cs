using System.Text.Json;

namespace Kappa.Views.List;

/// <summary>
/// A dotted path into a JSON object (<c>content.channel</c>): each segment is a property name;
/// a segment made of digits also indexes an array. Looking up a path that is missing, or that runs
/// into a non-object on the way, finds nothing and never throws (kappa-view-query's map threw on a
/// missing intermediate object).
/// </summary>
public sealed class JsonPath
{
    private readonly string[] _segments;

    private JsonPath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The property names, outermost first.</summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Parses <c>a.b.c</c>.</summary>
    /// <exception cref="FormatException">The path is empty or has an empty segment.</exception>
    public static JsonPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('.');
        if (segments.Any(s => s.Length == 0)) throw new FormatException($"\"{path}\" is not a dotted path (no segment may be empty)");
        return new JsonPath(path, segments);
    }

    /// <summary>The element at this path under <paramref name="root"/>, if there is one.</summary>
    public bool TryGet(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (value.ValueKind == JsonValueKind.Object)
            {
                if (!value.TryGetProperty(segment, out value)) return false;
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < value.GetArrayLength())
                value = value[i];
            else return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
