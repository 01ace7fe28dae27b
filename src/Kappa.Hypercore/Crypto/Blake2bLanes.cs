using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kappa.Hypercore.Crypto;

/// <summary>
/// Unkeyed BLAKE2b-256 (RFC 7693) of four messages at once, one per 64-bit lane of a 256-bit
/// vector. Hand-written because hypercore hashes one leaf per block and one parent per pair:
/// tiny messages for which libsodium's one-message API costs about 0.24 µs each (measured,
/// bench/results/micro.md) — mostly call and set-up overhead around a single compression — and
/// libsodium has no multi-buffer entry point. Output is checked against libsodium on random
/// messages of every length class and against the JS reference's tree files (golden tests).
/// </summary>
/// <remarks>
/// The four messages must need the same number of 128-byte compressions (see
/// <see cref="Blocks"/>); each lane keeps its own byte counter, so their lengths may differ
/// within that. Each message is a short head (the hypercore node type and size, ≤ 16 bytes)
/// followed by a body, so callers need not copy the two together.
/// </remarks>
internal static class Blake2bLanes
{
    /// <summary>True where 256-bit vectors run in hardware (otherwise callers hash one by one with libsodium).</summary>
    public static bool IsSupported { get; } = Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    private const int BlockBytes = 128;
    private const ulong Iv0 = 0x6a09e667f3bcc908, Iv1 = 0xbb67ae8584caa73b, Iv2 = 0x3c6ef372fe94f82b, Iv3 = 0xa54ff53a5f1d36f1;
    private const ulong Iv4 = 0x510e527fade682d1, Iv5 = 0x9b05688c2b3e6c1f, Iv6 = 0x1f83d9abfb41bd6b, Iv7 = 0x5be0cd19137e2179;

    // RFC 7693 §2.7 message schedule; rounds 10 and 11 repeat rows 0 and 1.
    private static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    ];

    /// <summary>Compressions a message of <paramref name="length"/> bytes needs (an empty message still needs one).</summary>
    public static int Blocks(int length) => length == 0 ? 1 : (length + BlockBytes - 1) / BlockBytes;

    /// <summary>
    /// Writes BLAKE2b-256(head_j ‖ body_j) for j = 0..3 to <paramref name="output"/>[32j..32j+32],
    /// where head_j is <paramref name="heads"/>[16j..16j+headLength].
    /// </summary>
    public static void Hash4(ReadOnlySpan<byte> heads, int headLength,
        ReadOnlySpan<byte> body0, ReadOnlySpan<byte> body1, ReadOnlySpan<byte> body2, ReadOnlySpan<byte> body3, Span<byte> output)
    {
        var l0 = headLength + body0.Length;
        var l1 = headLength + body1.Length;
        var l2 = headLength + body2.Length;
        var l3 = headLength + body3.Length;
        var blocks = Blocks(l0);
        if (headLength > 16 || Blocks(l1) != blocks || Blocks(l2) != blocks || Blocks(l3) != blocks || output.Length < 128)
            throw new ArgumentException("the four messages must need the same number of blocks");

        // Parameter block word 0: digest length 32, key length 0, fanout 1, depth 1.
        var h0 = Vector256.Create(Iv0 ^ 0x01010020UL);
        var h1 = Vector256.Create(Iv1);
        var h2 = Vector256.Create(Iv2);
        var h3 = Vector256.Create(Iv3);
        var h4 = Vector256.Create(Iv4);
        var h5 = Vector256.Create(Iv5);
        var h6 = Vector256.Create(Iv6);
        var h7 = Vector256.Create(Iv7);
        Span<ulong> words = stackalloc ulong[4 * 16];
        var bytes = MemoryMarshal.AsBytes(words);
        for (var b = 0; b < blocks; b++)
        {
            var start = b * BlockBytes;
            bytes.Clear();
            Fill(bytes[..BlockBytes], heads[..headLength], body0, start);
            Fill(bytes.Slice(BlockBytes, BlockBytes), heads.Slice(16, headLength), body1, start);
            Fill(bytes.Slice(2 * BlockBytes, BlockBytes), heads.Slice(32, headLength), body2, start);
            Fill(bytes.Slice(3 * BlockBytes, BlockBytes), heads.Slice(48, headLength), body3, start);
            var end = start + BlockBytes;
            var t = Vector256.Create((ulong)Math.Min(l0, end), (ulong)Math.Min(l1, end), (ulong)Math.Min(l2, end), (ulong)Math.Min(l3, end));
            var last = b == blocks - 1 ? Vector256<ulong>.AllBitsSet : Vector256<ulong>.Zero;
            Compress(ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7, words, t, last);
        }
        for (var j = 0; j < 4; j++)
        {
            var o = output.Slice(32 * j, 32);
            BinaryPrimitives.WriteUInt64LittleEndian(o, h0.GetElement(j));
            BinaryPrimitives.WriteUInt64LittleEndian(o[8..], h1.GetElement(j));
            BinaryPrimitives.WriteUInt64LittleEndian(o[16..], h2.GetElement(j));
            BinaryPrimitives.WriteUInt64LittleEndian(o[24..], h3.GetElement(j));
        }
    }

    /// <summary>Copies bytes [start, start + 128) of head ‖ body into a zeroed block.</summary>
    private static void Fill(Span<byte> block, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, int start)
    {
        var at = 0;
        if (start < head.Length)
        {
            head[start..].CopyTo(block);
            at = head.Length - start;
            start = 0;
        }
        else start -= head.Length;
        if (start < body.Length)
        {
            var n = Math.Min(body.Length - start, block.Length - at);
            body.Slice(start, n).CopyTo(block[at..]);
        }
    }

    private static void Compress(ref Vector256<ulong> h0, ref Vector256<ulong> h1, ref Vector256<ulong> h2, ref Vector256<ulong> h3,
        ref Vector256<ulong> h4, ref Vector256<ulong> h5, ref Vector256<ulong> h6, ref Vector256<ulong> h7,
        ReadOnlySpan<ulong> words, Vector256<ulong> t, Vector256<ulong> last)
    {
        Span<Vector256<ulong>> m = stackalloc Vector256<ulong>[16];
        for (var i = 0; i < 16; i++) m[i] = Vector256.Create(words[i], words[16 + i], words[32 + i], words[48 + i]);
        var v0 = h0; var v1 = h1; var v2 = h2; var v3 = h3;
        var v4 = h4; var v5 = h5; var v6 = h6; var v7 = h7;
        var v8 = Vector256.Create(Iv0); var v9 = Vector256.Create(Iv1);
        var v10 = Vector256.Create(Iv2); var v11 = Vector256.Create(Iv3);
        var v12 = Vector256.Create(Iv4) ^ t; // t's high word is always 0 here (messages < 2^64 bytes)
        var v13 = Vector256.Create(Iv5);
        var v14 = Vector256.Create(Iv6) ^ last;
        var v15 = Vector256.Create(Iv7);
        var sigma = Sigma;
        for (var r = 0; r < 12; r++)
        {
            var s = sigma.Slice(16 * r, 16);
            G(ref v0, ref v4, ref v8, ref v12, m[s[0]], m[s[1]]);
            G(ref v1, ref v5, ref v9, ref v13, m[s[2]], m[s[3]]);
            G(ref v2, ref v6, ref v10, ref v14, m[s[4]], m[s[5]]);
            G(ref v3, ref v7, ref v11, ref v15, m[s[6]], m[s[7]]);
            G(ref v0, ref v5, ref v10, ref v15, m[s[8]], m[s[9]]);
            G(ref v1, ref v6, ref v11, ref v12, m[s[10]], m[s[11]]);
            G(ref v2, ref v7, ref v8, ref v13, m[s[12]], m[s[13]]);
            G(ref v3, ref v4, ref v9, ref v14, m[s[14]], m[s[15]]);
        }
        h0 ^= v0 ^ v8; h1 ^= v1 ^ v9; h2 ^= v2 ^ v10; h3 ^= v3 ^ v11;
        h4 ^= v4 ^ v12; h5 ^= v5 ^ v13; h6 ^= v6 ^ v14; h7 ^= v7 ^ v15;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector256<ulong> a, ref Vector256<ulong> b, ref Vector256<ulong> c, ref Vector256<ulong> d, Vector256<ulong> x, Vector256<ulong> y)
    {
        a += b + x;
        d = Ror(d ^ a, 32);
        c += d;
        b = Ror(b ^ c, 24);
        a += b + y;
        d = Ror(d ^ a, 16);
        c += d;
        b = Ror(b ^ c, 63);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Ror(Vector256<ulong> x, [ConstantExpected] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateRight(x, n) : (x >>> n) | (x << (64 - n));
}
