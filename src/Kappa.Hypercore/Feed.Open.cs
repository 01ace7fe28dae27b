using System.Buffers.Binary;
using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

public sealed partial class Feed
{
    /// <summary>
    /// Opens the feed stored in <paramref name="storage"/>, or creates one: a writer with a new
    /// key pair, or — when <see cref="FeedOptions.Key"/> is set — a read-only feed to download
    /// into. Follows hypercore 8.14's open (hypercore-storage.md §9): the length comes from the
    /// tree bits of the bitfield, the byte length from the roots; hashes are checked on read and
    /// by <see cref="VerifyAsync"/>; on open only the tail is checked (the last signature, its roots
    /// and the last block). A damaged feed is cut back to its longest verifiable prefix and the
    /// repair reported in <see cref="Recovery"/> (with <see cref="FeedOptions.VerifyOnOpen"/>, the
    /// whole feed is checked first).
    /// </summary>
    /// <exception cref="FeedException">The storage holds another feed, no feed (with CreateIfMissing off), or inconsistent files.</exception>
    /// <exception cref="StorageException">A file could not be read or written.</exception>
    public static async ValueTask<Feed> OpenAsync(IStorageProvider storage, FeedOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ct.ThrowIfCancellationRequested();
        var files = new SleepFiles(storage);
        try
        {
            return Open(files, options ?? FeedOptions.Default);
        }
        catch
        {
            await files.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Feed Open(SleepFiles files, FeedOptions options)
    {
        var (key, secretKey) = LoadOrCreateKeys(files, options);
        var keyHex = key.ToString();

        Span<byte> header = stackalloc byte[SleepFiles.HeaderSize];
        // A header torn by a power cut (page size still zero) is written again; another page size is another format.
        if (files.Bitfield.Read(0, header) == SleepFiles.HeaderSize && BinaryPrimitives.ReadUInt16BigEndian(header[5..]) is not (FeedBitfield.PageSize or 0))
            throw new FeedException(FeedException.StoreCorrupt, keyHex, null, "bitfield page size is not 3584 (not a hypercore 8 store)");
        SleepFiles.EnsureHeader(files.Bitfield, SleepFiles.BitfieldHeader);
        SleepFiles.EnsureHeader(files.Signatures, SleepFiles.SignaturesHeader);
        SleepFiles.EnsureHeader(files.Tree, SleepFiles.TreeHeader);

        var bitfield = FeedBitfield.Load(files.Bitfield);
        var length = (long)TreeIndex.Blocks(bitfield.Tree);
        // hypercore retries once with length - 1 when a root is missing (a torn last write); we
        // check the tail and, when it is damaged, recover the longest verifiable prefix instead.
        Span<byte> lastSignature = stackalloc byte[SleepFiles.SignatureSlot];
        TreeNode[] roots;
        var damage = secretKey is not null && length > 0 && !files.TryReadSignature((ulong)length - 1, lastSignature)
            && TrySignTrailingLength(files, key, secretKey, options.ReadOnly, bitfield, length, out roots)
            ? null // the process stopped with signatures queued (Feed.Signing.cs): nothing was damaged
            : CheckTail(files, key, secretKey is not null, bitfield, length, out roots);
        FeedRecovery? recovery = null;
        if (damage is not null || options.VerifyOnOpen)
            recovery = Recover(files, key, secretKey, options.ReadOnly, damage, ref bitfield, ref length, out roots);

        // Signature slots past the length (an append cut short) would sit between the next batch's
        // blank slots and be checked by verify as if they were its own: a writer's file ends at its length.
        var signaturesEnd = SleepFiles.HeaderSize + length * SleepFiles.SignatureSlot;
        if (secretKey is not null && !options.ReadOnly && files.Signatures.Length > signaturesEnd) files.Signatures.Truncate(signaturesEnd);

        long byteLength = 0;
        foreach (var r in roots) byteLength += (long)r.Size;
        return new Feed(files, bitfield, key, secretKey, options, roots, length, byteLength) { Recovery = recovery };
    }

    private static (FeedKey Key, byte[]? SecretKey) LoadOrCreateKeys(SleepFiles files, FeedOptions options)
    {
        Span<byte> stored = stackalloc byte[32];
        var keyBytes = files.Key.Read(0, stored);
        var hasKey = keyBytes == 32;
        var sk = new byte[64];
        var secretKey = files.SecretKey.Read(0, sk) == 64 ? sk : null;

        FeedKey key;
        if (!hasKey && secretKey is not null && (options.Key is null || options.Key.Value.Span.SequenceEqual(secretKey.AsSpan(32))))
        {
            // A torn key file beside a whole secret key (power loss without fsync): the secret
            // key holds the public key in its second half.
            key = new FeedKey(secretKey.AsSpan(32));
            files.Key.Write(0, key.Span);
            return (key, secretKey);
        }
        if (hasKey)
        {
            key = new FeedKey(stored);
            if (options.Key is { } expected && expected != key)
                throw new FeedException(FeedException.KeyMismatch, expected.ToString(), null, $"another feed ({key}) is stored here");
            if (options.KeyPair is { } kp && !kp.PublicKey.AsSpan().SequenceEqual(key.Span))
                throw new FeedException(FeedException.KeyMismatch, Convert.ToHexStringLower(kp.PublicKey), null, $"another feed ({key}) is stored here");
        }
        else
        {
            if (!options.CreateIfMissing)
                throw new FeedException(FeedException.StoreCorrupt, FeedException.UnknownFeed, null, keyBytes > 0
                    ? $"the key file holds {keyBytes} of 32 bytes (a torn write) and there is no whole secret_key to recover it from"
                    : "no feed is stored here");
            if (options.Key is { } readOnlyKey && (options.KeyPair is null || !options.KeyPair.PublicKey.AsSpan().SequenceEqual(readOnlyKey.Span)))
            {
                key = readOnlyKey;
                secretKey = null;
                WipeOrphans(files);
            }
            else
            {
                var kp = options.KeyPair ?? KeyPair.Generate();
                WipeOrphans(files);
                key = new FeedKey(kp.PublicKey);
                secretKey = kp.SecretKey;
                files.SecretKey.Write(0, secretKey);
                if (options.Durability == FeedDurability.Fsync) files.SecretKey.Flush();
            }
            files.Key.Write(0, key.Span);
            // Found by the power-loss tests: without this, fsynced appends could outlive the key
            // that names their feed, and the store would open without the writer.
            if (options.Durability == FeedDurability.Fsync) files.Key.Flush();
        }

        if (secretKey is not null && !secretKey.AsSpan(32).SequenceEqual(key.Span))
            throw new FeedException(FeedException.StoreCorrupt, key.ToString(), null, "secret_key does not belong to this feed's key");
        return (key, secretKey);
    }

    /// <summary>
    /// A new feed in a directory whose key was lost (a power cut while its writer was created):
    /// the files left there cannot be verified without that key and must not be signed with a
    /// new one, so they go.
    /// </summary>
    private static void WipeOrphans(SleepFiles files)
    {
        foreach (var f in new[] { files.SecretKey, files.Tree, files.Data, files.Bitfield, files.Signatures })
            if (f.Length > 0) f.Truncate(0);
    }

    internal static bool TryLoadRoots(SleepFiles files, long length, out TreeNode[] roots)
    {
        var indices = FlatTree.FullRoots(2 * (ulong)length);
        roots = new TreeNode[indices.Length];
        for (var i = 0; i < indices.Length; i++)
            if (!files.TryReadNode(indices[i], out roots[i])) return false;
        return true;
    }

    /// <summary>
    /// After a failed bitfield write, memory may be ahead of disk. Re-derive length and roots from
    /// what the disk holds — exactly what a reopen would see — so nothing unacknowledged shows.
    /// </summary>
    private void ReloadAfterFailedCommit()
    {
        try
        {
            var bitfield = FeedBitfield.Load(_files.Bitfield);
            var length = (long)TreeIndex.Blocks(bitfield.Tree);
            if (!TryLoadRoots(_files, length, out var roots) && !(length > 0 && TryLoadRoots(_files, --length, out roots)))
                throw Error(FeedException.StoreCorrupt, null, "tree roots missing after a failed write");
            long byteLength = 0;
            foreach (var r in roots) byteLength += (long)r.Size;
            _bitfield = bitfield;
            _roots = roots;
            Volatile.Write(ref _byteLength, byteLength);
            Volatile.Write(ref _length, length);
        }
        catch (KappaException e)
        {
            _failure = e;
        }
    }

    /// <summary>
    /// Picks up blocks another process appended or downloaded into this feed's files since it was
    /// opened (for read-only viewers such as <c>kappa cat --live</c>). A half-written state is
    /// ignored until the next call. Returns true when the length grew.
    /// </summary>
    public ValueTask<bool> RefreshAsync(CancellationToken ct = default)
    {
        ThrowIfClosed();
        long before, after;
        lock (_writeLock)
        {
            before = _length;
            FeedBitfield bitfield;
            try { bitfield = FeedBitfield.Load(_files.Bitfield); }
            catch (StorageException) { return ValueTask.FromResult(false); }
            var length = (long)TreeIndex.Blocks(bitfield.Tree);
            if (length < before || !TryLoadRoots(_files, length, out var roots)) return ValueTask.FromResult(false);
            long byteLength = 0;
            foreach (var r in roots) byteLength += (long)r.Size;
            _bitfield = bitfield;
            _roots = roots;
            Volatile.Write(ref _byteLength, byteLength);
            Volatile.Write(ref _length, length);
            after = length;
        }
        SignalChange();
        if (after > before) Appended?.Invoke(this, new FeedAppendedEventArgs(before, after));
        return ValueTask.FromResult(after > before);
    }
}
