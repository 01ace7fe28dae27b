using System.Buffers;
using Kappa.Protocol.Wire;

namespace Kappa.Protocol.Messages;

/// <summary>
/// Pre-check of a protobuf body's tag structure, because Google.Protobuf, when told to discard
/// unknown fields, silently skips tags with the invalid wire types 6 and 7 (and accepts groups),
/// whereas protocol-buffers JS (used by simple-hypercore-protocol 1.5.0) throws
/// "Unknown wire type" and the stream is destroyed. Allowed wire types: 0 varint, 1 fixed64,
/// 2 length-delimited, 5 fixed32. One linear pass; length-delimited fields are skipped, not read.
/// </summary>
internal static class WireTypeCheck
{
    /// <summary>Throws <see cref="ProtocolException.Decode"/> on an invalid wire type or a field running past the end.</summary>
    /// <param name="body">The message body.</param>
    /// <param name="nestedMessageField">A length-delimited field number whose contents are messages to check too (Data.nodes = 3), or 0.</param>
    public static void Validate(in ReadOnlySequence<byte> body, int nestedMessageField = 0)
    {
        var reader = new SequenceReader<byte>(body);
        while (!reader.End)
        {
            var tag = ReadVarint(ref reader);
            switch (tag & 7)
            {
                case 0:
                    ReadVarint(ref reader);
                    break;
                case 1:
                    Skip(ref reader, 8);
                    break;
                case 2:
                    var length = ReadVarint(ref reader);
                    if (length > (ulong)reader.Remaining) throw Invalid("a length-delimited field runs past the end");
                    if (nestedMessageField != 0 && tag >> 3 == (ulong)nestedMessageField)
                        Validate(reader.UnreadSequence.Slice(0, (long)length));
                    reader.Advance((long)length);
                    break;
                case 5:
                    Skip(ref reader, 4);
                    break;
                default:
                    throw Invalid($"unknown wire type {tag & 7}");
            }
        }
    }

    private static ulong ReadVarint(ref SequenceReader<byte> reader)
    {
        try
        {
            if (Varint.TryRead(ref reader, out var value)) return value;
        }
        catch (ProtocolException e) when (e.Code == ProtocolException.BadVarint)
        {
            throw Invalid("a varint is invalid");
        }
        throw Invalid("a varint is truncated");
    }

    private static void Skip(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count) throw Invalid("a fixed-size field runs past the end");
        reader.Advance(count);
    }

    private static ProtocolException Invalid(string why) => new(ProtocolException.Decode, "Could not decode message: " + why + ".");
}
