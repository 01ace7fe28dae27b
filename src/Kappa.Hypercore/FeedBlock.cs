namespace Kappa.Hypercore;

/// <summary>One verified block as stored: its sequence number and bytes.</summary>
/// <param name="Seq">The block's index in its feed.</param>
/// <param name="Data">The block's bytes (a slice of a read buffer that is never reused, safe to keep).</param>
public readonly record struct FeedBlock(long Seq, ReadOnlyMemory<byte> Data);

/// <summary>One verified, decoded entry of a feed.</summary>
/// <param name="Seq">The entry's index in its feed.</param>
/// <param name="Value">The decoded value.</param>
public readonly record struct FeedEntry<T>(long Seq, T Value);
