using Kappa.Hypercore.Bitfield;
using Kappa.Hypercore.Crypto;
using Kappa.Hypercore.Storage;
using Kappa.Hypercore.Tree;

namespace Kappa.Hypercore;

/// <summary>
/// One hypercore 8 feed: an append-only log signed with its writer's Ed25519 key and hashed into
/// a BLAKE2b Merkle tree, stored in the six SLEEP files JS hypercore 8.14 writes (byte for byte).
/// </summary>
/// <remarks>
/// Thread-safety: every member may be called concurrently. Appends are serialised and merged
/// (calls that arrive while a batch is being written go out together as the next batch, with one
/// signature, as hypercore does). Reads never block appends. Every block read is checked against
/// its Merkle tree node: a changed byte is an error naming the feed and block, never a wrong value.
/// </remarks>
public sealed partial class Feed : IAsyncDisposable
{
    private readonly SleepFiles _files;
    private FeedBitfield _bitfield;
    private readonly byte[]? _secretKey;
    private readonly FeedOptions _options;
    private readonly Lock _writeLock = new();
    private TreeNode[] _roots;
    private long _length;
    private long _byteLength;
    private TaskCompletionSource _changed = NewSignal();
    private volatile bool _closed;
    private KappaException? _failure;

    private Feed(SleepFiles files, FeedBitfield bitfield, FeedKey key, byte[]? secretKey, FeedOptions options, TreeNode[] roots, long length, long byteLength)
    {
        _files = files;
        _bitfield = bitfield;
        Key = key;
        _secretKey = secretKey;
        _options = options;
        _roots = roots;
        _length = length;
        _byteLength = byteLength;
        DiscoveryKey = Discovery.DiscoveryKey(key.Span);
    }

    /// <summary>The feed's public key: its name everywhere.</summary>
    public FeedKey Key { get; }

    /// <summary>BLAKE2b-256("hypercore", key): how peers name the feed on the wire.</summary>
    public byte[] DiscoveryKey { get; }

    /// <summary>Number of blocks the feed has (for a downloaded feed: the longest length proven by a signature, holes included).</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>Total bytes of all blocks up to <see cref="Length"/>.</summary>
    public long ByteLength => Volatile.Read(ref _byteLength);

    /// <summary>True when this process holds the secret key and may append.</summary>
    public bool Writable => _secretKey is not null;

    /// <summary>The encoding used by the typed append and read methods.</summary>
    public ValueEncoding ValueEncoding => _options.ValueEncoding;

    /// <summary>Raised after blocks were appended locally or the proven length grew. Handlers run on the writer's thread; keep them short.</summary>
    public event EventHandler<FeedAppendedEventArgs>? Appended;

    /// <summary>Raised after a block from a peer was verified and stored.</summary>
    public event EventHandler<BlockDownloadedEventArgs>? Downloaded;

    /// <summary>Whether block <paramref name="seq"/> is stored locally.</summary>
    public bool Has(long seq) => seq >= 0 && (ulong)seq < FeedBitfield.MaxBlocks && _bitfield.HasData((ulong)seq);

    /// <summary>Number of blocks stored locally (equals <see cref="Length"/> for a writer or a fully downloaded feed).</summary>
    public long CountStored(long start = 0, long end = -1)
    {
        if (end < 0) end = Length;
        long n = 0;
        for (var s = start; s < end; s++) if (Has(s)) n++;
        return n;
    }

    /// <summary>
    /// The first block in [<paramref name="start"/>, <paramref name="end"/>) (-1 = <see cref="Length"/>)
    /// that is not stored locally, or the end when all are: "is everything before this block here?"
    /// without a call per block.
    /// </summary>
    public long FirstMissing(long start = 0, long end = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        if (end < 0) end = Length;
        end = Math.Min(end, (long)FeedBitfield.MaxBlocks);
        return start >= end ? end : _bitfield.FirstMissingData(start, end);
    }

    /// <summary>Forces everything written so far to durable media.</summary>
    public ValueTask FlushAsync(CancellationToken ct = default)
    {
        SignPending();
        lock (_writeLock) _files.FlushAll();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the files. Pending live reads end; later calls fail with <see cref="FeedException.Closed"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_writeLock)
        {
            if (_closed) return;
            if (_deferredPuts > 0)
            {
                _deferredPuts = 0;
                try { CommitBitfield(); }
                catch (KappaException) { /* deferred downloads are lost and will be fetched again */ }
            }
            _closed = true;
        }
        try { SignPending(); }
        catch (KappaException) { /* the blocks are committed; the next open signs them */ }
        lock (_signerTurn) _filesClosed = true;
        SignalChange();
        await _files.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"Feed {Key} (length {Length}{(Writable ? ", writable" : "")})";

    /// <summary>The Merkle roots at <see cref="Length"/> (what the latest signature covers).</summary>
    internal IReadOnlyList<TreeNode> Roots => Volatile.Read(ref _roots);

    internal FeedException Error(string code, long? seq, string message, Exception? inner = null) =>
        new(code, Key.ToString(), seq, message, inner);

    private void ThrowIfClosed()
    {
        if (_closed) throw Error(FeedException.Closed, null, "the feed is closed");
        if (_failure is not null) throw Error(_failure.Code, null, "an earlier write failed and the feed could not recover; reopen it", _failure);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next change (append, download, close); capture it before checking state.</summary>
    internal Task NextChange
    {
        get
        {
            // A full fence: either SignalChange sees the flag, or this caller sees the change it signals.
            Interlocked.Exchange(ref _changeWatched, 1);
            return Volatile.Read(ref _changed).Task;
        }
    }

    /// <summary>1 while someone may wait on <see cref="NextChange"/>: a download with nobody watching then costs no new task.</summary>
    private int _changeWatched = 1;

    private void SignalChange()
    {
        if (Interlocked.Exchange(ref _changeWatched, 0) == 0) return;
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }
}
