namespace Kappa.Views.KeyValue;

/// <summary>
/// A <see cref="KvRow"/> as the view indexes it: the id and links as <see cref="KvIdCodec"/> bytes
/// (links without empty or null items). <paramref name="Own"/>: the id is the entry's own id
/// (<c>"&lt;feed hex&gt;@&lt;seq&gt;"</c> of the entry that made the row), so the row can be found
/// again from its id by reading that entry.
/// </summary>
internal readonly record struct KvEncodedRow(string Key, byte[] Id, List<byte[]>? Links, bool Own)
{
    /// <summary>The row's encoding, or false for a row the view ignores (<see cref="KvRow.IsValid"/>).</summary>
    public static bool TryEncode(in KvRow row, ReadOnlySpan<byte> entryId, out KvEncodedRow encoded)
    {
        encoded = default;
        if (!row.IsValid) return false;
        List<byte[]>? links = null;
        if (row.Links is { Count: > 0 } source)
        {
            links = new List<byte[]>(source.Count);
            foreach (var link in source)
                if (!string.IsNullOrEmpty(link)) links.Add(KvIdCodec.Encode(link));
        }
        var id = KvIdCodec.Encode(row.Id);
        encoded = new KvEncodedRow(row.Key, id, links, entryId.SequenceEqual(id));
        return true;
    }
}
