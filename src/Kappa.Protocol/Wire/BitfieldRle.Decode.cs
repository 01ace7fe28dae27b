namespace Kappa.Protocol.Wire;

internal static partial class BitfieldRle
{
    /// <summary>
    /// Length of the decoded bitfield before alignment. Throws <see cref="ProtocolException"/>
    /// (<see cref="ProtocolException.Decode"/>) when a token is malformed, a literal runs past
    /// the end, or the total exceeds <paramref name="maxLength"/>, so a hostile token such as
    /// "run of 2^50 bytes" is refused before anything is allocated.
    /// </summary>
    public static int DecodedLength(ReadOnlySpan<byte> encoded, int maxLength)
    {
        long total = 0;
        var offset = 0;
        while (offset < encoded.Length)
        {
            var token = ReadToken(encoded, ref offset);
            var length = Length(token);
            if (token % 2 == 0)
            {
                if (length > (ulong)(encoded.Length - offset)) throw Invalid("a literal runs past the end");
                offset += (int)length;
            }
            if (length > (ulong)maxLength || (total += (long)length) > maxLength)
                throw Invalid($"it decodes to more than {maxLength} bytes");
        }
        return (int)total;
    }

    /// <summary>
    /// Decodes <paramref name="encoded"/>. With <paramref name="alignment"/> 4 the result is
    /// zero-padded to a multiple of 4 bytes, as bitfield-rle 2.2.1's decoder does; pass 1 for
    /// the exact length. The decoded size (before padding) may not exceed <paramref name="maxLength"/>.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> encoded, int maxLength, int alignment = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(alignment, 1);
        var length = DecodedLength(encoded, maxLength);
        var padded = (length + alignment - 1) / alignment * alignment;
        var output = new byte[padded];
        var ptr = 0;
        var offset = 0;
        while (offset < encoded.Length)
        {
            var token = ReadToken(encoded, ref offset);
            var n = (int)Length(token);
            if (token % 2 == 1)
            {
                output.AsSpan(ptr, n).Fill((token & 2) != 0 ? (byte)0xFF : (byte)0x00);
            }
            else
            {
                encoded.Slice(offset, n).CopyTo(output.AsSpan(ptr));
                offset += n;
            }
            ptr += n;
        }
        return output;
    }

    private static ulong Length(ulong token) => token % 2 == 1 ? token >> 2 : token >> 1;

    private static ulong ReadToken(ReadOnlySpan<byte> encoded, ref int offset)
    {
        try
        {
            if (!Varint.TryRead(encoded[offset..], out var token, out var used))
                throw Invalid("a token is truncated");
            offset += used;
            return token;
        }
        catch (ProtocolException e) when (e.Code == ProtocolException.BadVarint)
        {
            throw Invalid("a token is not a valid varint");
        }
    }

    private static ProtocolException Invalid(string why) =>
        new(ProtocolException.Decode, "Invalid RLE bitfield: " + why + ".");
}
