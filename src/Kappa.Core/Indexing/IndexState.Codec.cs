using System.Buffers.Binary;

namespace Kappa.Core.Indexing;

// Stored view state, multifeed-index 3.4.2 lib/state.js (indexing.md §4); all integers uint32 LE:
//
//   offset        size  field
//   0             4     count
//   4 + 40·i      32    feed public key of entry i
//   36 + 40·i     4     min (always 0, ignored when read)
//   40 + 40·i     4     max = entries indexed
//   4 + 40·count  4     version – only written when non-zero; absent reads as 1
//   …                   anything after is ignored
//
// kappa-view 3.1 stores the same bytes as base64 text under "!s!state".
public sealed partial class IndexState
{
    private const int CountLength = 4;
    private const int EntryLength = FeedKeyLength + 8;

    /// <summary>Bytes <see cref="Encode(Span{byte})"/> writes.</summary>
    public int EncodedLength => CountLength + (_entries.Length * EntryLength) + (Version != 0 ? 4 : 0);

    /// <summary>Encodes into <paramref name="destination"/>; returns the bytes written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="EncodedLength"/>.</exception>
    public int Encode(Span<byte> destination)
    {
        var length = EncodedLength;
        if (destination.Length < length)
            throw new ArgumentException($"Need {length} bytes, got {destination.Length}.", nameof(destination));
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)_entries.Length);
        var at = CountLength;
        foreach (var entry in _entries)
        {
            entry.FeedKey.CopyTo(destination[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(at + FeedKeyLength)..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(at + FeedKeyLength + 4)..], entry.Max);
            at += EntryLength;
        }
        // JS: `if (version && typeof version === 'number')` – 0 is falsy, so it is left out.
        if (Version != 0) BinaryPrimitives.WriteUInt32LittleEndian(destination[at..], Version);
        return length;
    }

    /// <summary>Encodes into a new array.</summary>
    public byte[] Encode()
    {
        var bytes = new byte[EncodedLength];
        Encode(bytes);
        return bytes;
    }

    /// <summary>The encoding as base64 text, as kappa-view 3.1 stores it.</summary>
    public string ToBase64Text() => Convert.ToBase64String(Encode());

    /// <summary>
    /// Decodes stored state. Like multifeed-index, a repeated feed key keeps its first position and
    /// the last value; a version field is read only if all 4 bytes are present, else the version is 1.
    /// </summary>
    /// <exception cref="IndexStateException">The buffer is shorter than its count says.</exception>
    public static IndexState Decode(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < CountLength)
            throw new IndexStateException($"View state is {buffer.Length} bytes; it needs at least a 4-byte count.");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        var available = (buffer.Length - CountLength) / EntryLength;
        if (count > available)
            throw new IndexStateException($"View state says {count} feeds but its {buffer.Length} bytes hold at most {available}.");

        var entries = new List<IndexStateEntry>((int)count);
        for (var i = 0; i < (int)count; i++)
        {
            var at = CountLength + (i * EntryLength);
            var key = buffer.Slice(at, FeedKeyLength);
            var entry = new IndexStateEntry(key, BinaryPrimitives.ReadUInt32LittleEndian(buffer[(at + FeedKeyLength + 4)..]));
            var seen = entries.FindIndex(e => e.FeedKey.SequenceEqual(entry.FeedKey));
            if (seen >= 0) entries[seen] = entry;
            else entries.Add(entry);
        }

        var versionAt = CountLength + ((int)count * EntryLength);
        var version = buffer.Length >= versionAt + 4
            ? BinaryPrimitives.ReadUInt32LittleEndian(buffer[versionAt..])
            : IndexStateDefaults.Version;
        return new IndexState([.. entries], version);
    }

    /// <summary>Decodes kappa-view's base64 text form.</summary>
    /// <exception cref="IndexStateException">Not base64, or the decoded bytes are not a state.</exception>
    public static IndexState FromBase64Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new IndexStateException("View state text is not base64.", e);
        }
        return Decode(bytes);
    }
}
