namespace Kappa.Protocol.Wire;

/// <summary>
/// Run-length encoding of a bitfield (bitfield-rle 2.2.1, used by <c>Have.bitfield</c>).
/// <code>
/// token = varint
///   odd  (len&lt;&lt;2 | ff&lt;&lt;1 | 1) → run of len bytes, all 0xFF if ff else 0x00
///   even (len&lt;&lt;1)              → literal: the next len bytes verbatim
/// </code>
/// Trailing zero bytes are not encoded. Any token sequence decodes; the encoder reproduces the
/// JS byte-for-byte (a run becomes a token only when that is strictly cheaper than leaving it
/// inside a literal), which the golden vectors check.
/// </summary>
internal static partial class BitfieldRle
{
    /// <summary>Number of bytes <see cref="Encode(ReadOnlySpan{byte}, Span{byte})"/> writes for <paramref name="bitfield"/>.</summary>
    public static int EncodedLength(ReadOnlySpan<byte> bitfield) => Run(bitfield, [], measureOnly: true);

    /// <summary>Encodes <paramref name="bitfield"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> bitfield)
    {
        var output = new byte[EncodedLength(bitfield)];
        Run(bitfield, output, measureOnly: false);
        return output;
    }

    /// <summary>Encodes into <paramref name="output"/> (at least <see cref="EncodedLength"/> bytes); returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<byte> bitfield, Span<byte> output) => Run(bitfield, output, measureOnly: false);

    private static int Run(ReadOnlySpan<byte> input, Span<byte> output, bool measureOnly)
    {
        var end = input.Length;
        while (end > 0 && input[end - 1] == 0) end--;
        input = input[..end];

        var state = new EncoderState(input, output, measureOnly);
        var runLength = 0;
        byte runByte = 0; // kept across literal bytes, as the JS does
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == runByte)
            {
                runLength++;
                continue;
            }
            if (runLength > 0) state.RunEnded(i, runLength, runByte);
            if (b is 0x00 or 0xFF)
            {
                runByte = b;
                runLength = 1;
            }
            else
            {
                runLength = 0;
            }
        }
        if (runLength > 0) state.RunEnded(input.Length, runLength, runByte);
        state.FlushLiteral(input.Length);
        return state.Written;
    }

    private ref struct EncoderState(ReadOnlySpan<byte> input, Span<byte> output, bool measureOnly)
    {
        private readonly ReadOnlySpan<byte> _input = input;
        private readonly Span<byte> _output = output;
        private readonly bool _measureOnly = measureOnly;
        private int _inputOffset; // first input byte not yet emitted

        public int Written { get; private set; }

        /// <summary>A run of <paramref name="length"/> equal bytes ends just before <paramref name="i"/>.</summary>
        public void RunEnded(int i, int length, byte value)
        {
            var headLength = i - length - _inputOffset;
            var headCost = headLength > 0 ? Varint.Size(2 * (ulong)headLength) + headLength : 0;
            var token = (4 * (ulong)length) + (value != 0 ? 2u : 0u) + 1;
            var runCost = headCost + Varint.Size(token);
            var literalCost = Varint.Size(2 * (ulong)(i - _inputOffset)) + i - _inputOffset;
            if (runCost >= literalCost) return;

            if (headLength > 0) Literal(i - length);
            Token(token);
            _inputOffset = i;
        }

        public void FlushLiteral(int end)
        {
            if (end > _inputOffset) Literal(end);
        }

        private void Literal(int end)
        {
            var length = end - _inputOffset;
            Token(2 * (ulong)length);
            if (!_measureOnly) _input[_inputOffset..end].CopyTo(_output[Written..]);
            Written += length;
            _inputOffset = end;
        }

        private void Token(ulong token)
        {
            Written += _measureOnly ? Varint.Size(token) : Varint.Write(_output[Written..], token);
        }
    }
}
