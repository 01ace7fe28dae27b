using System.Text.Json;

namespace Kappa.Server.Api;

/// <summary>One entry, as <c>kappa cat</c> prints it.</summary>
/// <param name="Key">The feed's key.</param>
/// <param name="Seq">The entry's position in its feed.</param>
/// <param name="Value">The value (JSON as JS JSON.stringify wrote it; a string for utf-8, hex for binary feeds).</param>
public sealed record EntryInfo(string Key, long Seq, JsonElement Value);
