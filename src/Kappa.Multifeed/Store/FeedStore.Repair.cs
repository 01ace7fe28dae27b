using System.Collections.Immutable;
using Kappa.Hypercore;
using Kappa.Hypercore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kappa.Multifeed.Store;

public sealed partial class FeedStore
{
    private static readonly string[] FeedFiles = ["key", "secret_key", "tree", "data", "bitfield", "signatures", "localname"];
    private ImmutableList<StoreRepair> _repairs = [];

    /// <summary>What opening the store repaired (empty when every feed opened as stored). Also logged as warnings.</summary>
    public IReadOnlyList<StoreRepair> Repairs => _repairs;

    private ILogger Logger => _options.Logger ?? NullLogger.Instance;

    /// <summary>
    /// Opens feed directory <paramref name="name"/> while loading. A writer whose creation a power
    /// cut interrupted (its key torn, no whole secret key to restore it from) must not keep the
    /// store from opening: a named local writer is reset to a new empty writer under the same
    /// name; an unnamed one in the last directory is dropped (its files cannot be verified
    /// without the key). Returns null when the directory was dropped.
    /// </summary>
    private async ValueTask<Feed?> OpenExistingAsync(string name, IStorageProvider provider, bool isLast, CancellationToken ct)
    {
        var options = FeedOptionsFor() with { CreateIfMissing = false };
        try
        {
            var feed = await Hypercore.Feed.OpenAsync(provider, options, ct).ConfigureAwait(false);
            if (feed.Recovery is { } recovery) Report(new StoreRepair(name, feed.Key, $"feed {feed.Key} {recovery}", recovery));
            if (feed.Writable || _options.ReadOnly || ReadLocalName(provider) is not { } writer) return feed;
            // A local writer whose secret_key never reached the disk: its entries still verify with
            // its key, but it can no longer append. When it holds nothing, start it afresh.
            if (feed.Length > 0 || feed.CountStored() > 0)
            {
                Report(new StoreRepair(name, feed.Key, $"writer {writer} in directory {name}/ lost its secret key to a power cut; its {feed.Length} entries stay readable but it can no longer append", null));
                return feed;
            }
            var lost = feed.Key;
            await feed.DisposeAsync().ConfigureAwait(false);
            var keyFile = provider.Open("key");
            await using (keyFile.ConfigureAwait(false)) keyFile.Delete();
            var fresh = await Hypercore.Feed.OpenAsync(provider, FeedOptionsFor(), ct).ConfigureAwait(false);
            Report(new StoreRepair(name, fresh.Key, $"writer {writer} in directory {name}/ lost its secret key before its first entry ({lost}); it was reset to a new empty writer {fresh.Key}", null));
            return fresh;
        }
        catch (FeedException e) when (e.FeedKey == FeedException.UnknownFeed && e.Code == FeedException.StoreCorrupt && !_options.ReadOnly)
        {
            if (ReadLocalName(provider) is { } writer)
            {
                var reset = await Hypercore.Feed.OpenAsync(provider, FeedOptionsFor(), ct).ConfigureAwait(false);
                Report(new StoreRepair(name, reset.Key, $"writer {writer} in directory {name}/ was being created when the power went ({e.Detail}); it was reset to a new empty writer {reset.Key}", null));
                return reset;
            }
            if (isLast)
            {
                foreach (var file in FeedFiles)
                {
                    var f = provider.Open(file);
                    await using (f.ConfigureAwait(false)) if (f.Exists) f.Delete();
                }
                Report(new StoreRepair(name, null, $"directory {name}/ held a feed whose key was torn ({e.Detail}); it was dropped", null));
                return null;
            }
            // A feed without a readable key cannot name itself: name its directory instead.
            throw new FeedException(e.Code, $"in directory {name}/", e.Seq, e.Detail, e);
        }
        catch (FeedException e) when (e.FeedKey == FeedException.UnknownFeed)
        {
            throw new FeedException(e.Code, $"in directory {name}/", e.Seq, e.Detail, e);
        }
    }

    private void Report(StoreRepair repair)
    {
        _repairs = _repairs.Add(repair);
        LogRepaired(Logger, repair.Directory, repair.Message);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Store repaired directory {Directory}: {Repair}")]
    private static partial void LogRepaired(ILogger logger, string directory, string repair);
}
