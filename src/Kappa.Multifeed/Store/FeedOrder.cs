using Kappa.Hypercore;

namespace Kappa.Multifeed.Store;

/// <summary>
/// multifeed's feed order = JS object key order of its name map: names that are canonical array
/// indices ("0", "42"; not "01") first, ascending; then every other name in insertion order.
/// It decides indexing order and the manifest, so it must match JS.
/// </summary>
internal static class FeedOrder
{
    /// <summary>Where a feed called <paramref name="name"/> goes in <paramref name="list"/> (already in this order).</summary>
    public static int InsertionPoint(ReadOnlySpan<(string Name, Feed Feed)> list, string name)
    {
        if (!TryArrayIndex(name, out var index)) return list.Length;
        var at = 0;
        while (at < list.Length && TryArrayIndex(list[at].Name, out var other) && other < index) at++;
        return at;
    }

    /// <summary>ECMAScript array index: the canonical decimal form of an integer 0 ≤ n &lt; 2^32 − 1.</summary>
    public static bool TryArrayIndex(string name, out uint index)
    {
        index = 0;
        if (name.Length is 0 or > 10 || (name.Length > 1 && name[0] == '0')) return false;
        ulong value = 0;
        foreach (var c in name)
        {
            if (c is < '0' or > '9') return false;
            value = value * 10 + (ulong)(c - '0');
        }
        if (value >= uint.MaxValue) return false;
        index = (uint)value;
        return true;
    }
}
