using System.Text.Json;

namespace Kappa.Views.KeyValue;

/// <summary>
/// One head resolved to its log entry (kappa-view-kv's <c>{key: feed, seq, value}</c>). A head whose
/// block is not stored here (not replicated yet) is reported with <see cref="IsMissing"/>, never
/// waited for (kappa-view-kv's <c>get</c> hangs on it).
/// </summary>
/// <param name="Id">The head's id.</param>
/// <param name="Entry">The entry it names, when the id is an entry id (<c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>); null for other ids.</param>
/// <param name="Data">The block's bytes; null when missing here or not an entry id.</param>
public sealed record KvHead(string Id, EntryId? Entry, ReadOnlyMemory<byte>? Data)
{
    /// <summary>True when the block is not available locally (or the id names no entry).</summary>
    public bool IsMissing => Data is null;

    /// <summary>The block parsed as JSON (the default value encoding), or null when missing or not JSON.</summary>
    public JsonElement? Value
    {
        get
        {
            if (Data is not { } data) return null;
            try
            {
                using var doc = JsonDocument.Parse(data);
                return doc.RootElement.Clone();
            }
            catch (JsonException) { return null; }
        }
    }
}
