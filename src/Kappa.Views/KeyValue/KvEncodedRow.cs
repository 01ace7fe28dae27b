namespace Kappa.Views.KeyValue;

/// <summary>A <see cref="KvRow"/> as the view indexes it: the id and links as <see cref="KvIdCodec"/> bytes (links without empty or null items).</summary>
internal readonly record struct KvEncodedRow(string Key, byte[] Id, List<byte[]>? Links)
{
    /// <summary>The row's encoding, or false for a row the view ignores (<see cref="KvRow.IsValid"/>).</summary>
    public static bool TryEncode(in KvRow row, out KvEncodedRow encoded)
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
        encoded = new KvEncodedRow(row.Key, KvIdCodec.Encode(row.Id), links);
        return true;
    }
}
