namespace Kappa.Hypercore;

/// <summary>
/// What opening a feed repaired: a crash or power loss left its files inconsistent (lost or torn
/// writes), and the feed was cut back to its longest verifiable prefix. Every block below
/// <see cref="RecoveredLength"/> hashes to its tree leaf, every tree node of that prefix matches
/// its children, and the length is signed (re-signed by a writer when its signature was lost).
/// </summary>
/// <param name="StoredLength">The length the bitfield claimed before recovery.</param>
/// <param name="RecoveredLength">The length the feed opened at.</param>
/// <param name="BytesDropped">Bytes of the data file beyond the recovered prefix that were cut off.</param>
/// <param name="BlocksDropped">Blocks counted by the bitfield that are no longer part of the feed (or, for a downloaded feed, no longer stored and to be downloaded again).</param>
/// <param name="Resigned">True when a writer signed the recovered length again with its own secret key.</param>
/// <param name="NodesRepaired">Parent tree nodes rewritten from their verified children.</param>
/// <param name="SignaturesCleared">Torn signatures (that verify nothing) blanked.</param>
/// <param name="Reason">The first damage found, for people.</param>
public sealed record FeedRecovery(
    long StoredLength,
    long RecoveredLength,
    long BytesDropped,
    long BlocksDropped,
    bool Resigned,
    long NodesRepaired,
    long SignaturesCleared,
    string Reason)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"recovered at length {RecoveredLength} (bitfield said {StoredLength}; {BlocksDropped} blocks and {BytesDropped} bytes dropped" +
        $"{(Resigned ? ", re-signed" : "")}{(NodesRepaired > 0 ? $", {NodesRepaired} tree nodes repaired" : "")}" +
        $"{(SignaturesCleared > 0 ? $", {SignaturesCleared} torn signatures cleared" : "")}): {Reason}";
}
