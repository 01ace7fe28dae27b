using System.Text.Json;

namespace Kappa.Server.Api;

/// <summary>One entry of a sorted list.</summary>
/// <param name="Key">The entry's feed.</param>
/// <param name="Seq">The entry's seq.</param>
/// <param name="Sort">The value it is sorted by.</param>
/// <param name="Value">The entry's value.</param>
/// <param name="Cursor"><c>FEEDHEX@SEQ</c>: pass as <c>after</c> for the next page.</param>
public sealed record ListItem(string Key, long Seq, JsonElement Sort, JsonElement Value, string Cursor);
