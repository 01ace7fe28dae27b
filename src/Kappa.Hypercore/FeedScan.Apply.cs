using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

internal sealed partial class FeedScan
{
    /// <summary>
    /// Makes the files say the recovered prefix. Order matters for a crash during recovery:
    /// nodes and the signature first (durable), then the bitfield (the commit point, durable),
    /// then cutting what lies beyond — a crash at any step leaves files the next open recovers
    /// the same way. Returns whether the length was signed again.
    /// </summary>
    public bool Apply(SleepFiles files, byte[]? secretKey)
    {
        foreach (var node in Repairs) files.WriteNode(node);
        Span<byte> blank = stackalloc byte[SleepFiles.SignatureSlot];
        blank.Clear();
        foreach (var slot in TornSignatures) files.WriteSignature((ulong)slot, blank);
        var resign = NeedsSignature && secretKey is not null;
        if (resign)
        {
            Span<byte> signature = stackalloc byte[SleepFiles.SignatureSlot];
            var hash = MerkleHash.TreeHash(Roots);
            Sodium.SignDetached(signature, hash, secretKey);
            files.WriteSignature((ulong)Length - 1, signature);
        }
        files.Tree.Flush();
        files.Signatures.Flush();

        var pages = 0;
        foreach (var (page, bytes) in Bitfield.TakeDirty())
        {
            files.Bitfield.Write(SleepFiles.HeaderSize + (long)page * FeedBitfield.PageSize, bytes);
            pages = page + 1;
        }
        var bitfieldLength = SleepFiles.HeaderSize + (long)pages * FeedBitfield.PageSize;
        if (files.Bitfield.Length > bitfieldLength) files.Bitfield.Truncate(bitfieldLength);
        files.Bitfield.Flush();

        if (secretKey is not null)
        {
            // A writer's files end exactly at its length (hypercore-storage.md §1), so later appends land where JS would put them.
            Cut(files.Data, _byteLength);
            Cut(files.Tree, Length == 0 ? SleepFiles.HeaderSize : SleepFiles.HeaderSize + (2 * Length - 1) * SleepFiles.TreeSlot);
            Cut(files.Signatures, SleepFiles.HeaderSize + Length * SleepFiles.SignatureSlot);
        }
        return resign;
    }

    private static void Cut(IRandomAccessStorage file, long length)
    {
        if (file.Length > length) file.Truncate(length);
    }
}
