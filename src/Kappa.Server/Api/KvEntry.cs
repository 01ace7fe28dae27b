using System.Text.Json;

namespace Kappa.Server.Api;

/// <summary>A key of the key/value view with its current heads (more than one when writers forked it).</summary>
/// <param name="Key">The key.</param>
/// <param name="Heads">Each head: its id and, when the entry is stored here, the entry.</param>
public sealed record KvEntry(string Key, KvHeadInfo[] Heads);

/// <summary>One head of a key.</summary>
/// <param name="Id">The head's id (<c>FEEDHEX@SEQ</c>).</param>
/// <param name="Feed">The feed of the entry it names (null for an id that names no entry).</param>
/// <param name="Seq">The entry's seq (null as above).</param>
/// <param name="Value">The entry's value; null when it is not stored here yet (<paramref name="Missing"/>).</param>
/// <param name="Missing">True when the entry has not been replicated here.</param>
public sealed record KvHeadInfo(string Id, string? Feed, long? Seq, JsonElement? Value, bool Missing);
