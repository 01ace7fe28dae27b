using Kappa.Hypercore;
using Kappa.Hypercore.Crypto;

namespace Kappa.Core.Views;

/// <summary>A view failed: its map threw, or a block it needed failed to read or verify; or a view operation was misused.</summary>
public sealed class ViewException : KappaException
{
    /// <summary>The view's map function threw (anything but its own store failing, which is <see cref="StateFailed"/>).</summary>
    public const string MapFailed = "KAPPA_VIEW_MAP_FAILED";
    /// <summary>A block the view needed failed to read or verify.</summary>
    public const string ReadFailed = "KAPPA_VIEW_READ_FAILED";
    /// <summary>The view's stored state could not be read, decoded or written — at load, at commit, or by a store call inside the map.</summary>
    public const string StateFailed = "KAPPA_VIEW_STATE_FAILED";
    /// <summary>Waiting for a paused view.</summary>
    public const string Paused = "KAPPA_VIEW_PAUSED";
    /// <summary>No view by that name.</summary>
    public const string Unknown = "KAPPA_VIEW_UNKNOWN";
    /// <summary>The core was closed.</summary>
    public const string Closed = "KAPPA_VIEW_CLOSED";

    /// <summary>Creates the error for view <paramref name="view"/>, optionally naming a feed and block.</summary>
    public ViewException(string code, string view, string message, FeedKey? feed = null, long? seq = null, Exception? inner = null)
        : base(code, Describe(view, message, feed, seq, inner), inner)
    {
        View = view;
        Feed = feed;
        Seq = seq;
    }

    /// <summary>The view's name.</summary>
    public string View { get; }

    /// <summary>The feed involved, if any.</summary>
    public FeedKey? Feed { get; }

    /// <summary>The first block of the failed batch (or the block that failed), if any.</summary>
    public long? Seq { get; }

    private static string Describe(string view, string message, FeedKey? feed, long? seq, Exception? inner)
    {
        var where = feed is null ? "" : $" at feed {feed}{(seq is null ? "" : $" block {seq}")}";
        return $"view \"{view}\"{where}: {message}{(inner is null ? "" : ": " + inner.Message)}";
    }
}
