using Kappa.Chat.Messages;
using Kappa.Chat.Views;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Hypercore;
using Kappa.Views.List;

namespace Kappa.Chat;

/// <summary>
/// A cabal (a Cabal-compatible chat) on Kappa.NET: a kappa store whose exchange key is the cabal
/// key, the local writer <c>local</c>, entries written exactly as cabal-core 13.2.0 writes them,
/// and the views a client reads — messages per channel (a sorted list: timestamp as claimed,
/// then feed, then seq), channels, nicks, topics, memberships and moderation. Views persist in
/// RocksDB under the store's <c>.kappa/views</c>. Thread-safe; dispose to close the store.
/// </summary>
public sealed partial class Cabal : IAsyncDisposable
{
    /// <summary>The name of the local writer (cabal-core: <c>kcore.writer('local')</c>).</summary>
    public const string LocalWriter = "local";

    // The names the cabal's two views are installed under on its core.
    private const string MessagesView = "messages";
    private const string StateView = "state";
    private const string KeyFile = "cabal-key";

    private readonly List<IViewStore> _viewStores;

    private Cabal(CabalKey key, KappaCore core, Feed local, ListView messages, CabalStateView state, List<IViewStore> viewStores)
    {
        Key = key;
        Core = core;
        Local = local;
        Messages = messages;
        State = state;
        _viewStores = viewStores;
        core.ViewStateChanged += (_, status) =>
        {
            if (status.Name == StateView && status.State == Kappa.Core.Views.ViewState.Idle) StateChanged?.Invoke(this, EventArgs.Empty);
        };
    }

    /// <summary>
    /// Raised each time the state view has caught up with newly stored entries: nicks, topics,
    /// channels, memberships or moderation may have changed (a nick set later, or an author's
    /// "about" that arrived after their messages). Clients re-read what they show. Runs on the
    /// indexer's thread; keep handlers short.
    /// </summary>
    public event EventHandler? StateChanged;

    /// <summary>The cabal key (the store's exchange key).</summary>
    public CabalKey Key { get; }

    /// <summary>The store and its views (for replication and your own views).</summary>
    public KappaCore Core { get; }

    /// <summary>Our writer <c>local</c>.</summary>
    public Feed Local { get; }

    /// <summary>Our writer's key in hex: our identity in the cabal.</summary>
    public string LocalKey => Local.Key.ToString();

    /// <summary>Messages per channel (partition = channel, sort = timestamp as claimed, ties by feed then seq).</summary>
    public ListView Messages { get; }

    /// <summary>Channels, nicks, topics, memberships, moderation flags.</summary>
    public CabalStateView State { get; }

    /// <summary>
    /// Opens (creating if needed) the cabal stored in <paramref name="directory"/>. The key is, in
    /// order: <paramref name="key"/>; the one this store was created with; the directory's name when
    /// it is 64 hex characters (cabal-cli keeps a cabal under <c>archives/&lt;key hex&gt;</c>);
    /// otherwise a new random key (a new cabal).
    /// </summary>
    /// <exception cref="ChatException">The store was created for another key (<see cref="ChatException.KeyMismatch"/>).</exception>
    public static async Task<Cabal> OpenAsync(string directory, CabalKey? key = null, CancellationToken ct = default)
    {
        var core = await KappaCore.OpenAsync(directory, new KappaOptions { ValueEncoding = CabalJsonEncoding.Instance }, ct).ConfigureAwait(false);
        var stores = new List<IViewStore>();
        try
        {
            var resolved = await ResolveKeyAsync(core, directory, key, ct).ConfigureAwait(false);
            var local = await core.WriterAsync(LocalWriter, ct).ConfigureAwait(false);
            var messagesDb = RocksDbViewStore.Open(core.ViewDirectory("cabal-messages")!);
            stores.Add(messagesDb);
            var stateDb = RocksDbViewStore.Open(core.ViewDirectory("cabal-state")!);
            stores.Add(stateDb);
            var messages = core.Use(MessagesView, 1, new ListView(messagesDb, CabalMaps.Messages));
            var state = new CabalStateView(stateDb);
            core.Use(StateView, 1, state);
            return new Cabal(resolved, core, local, messages, state, stores);
        }
        catch
        {
            await core.DisposeAsync().ConfigureAwait(false);
            foreach (var s in stores) await s.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<CabalKey> ResolveKeyAsync(KappaCore core, string directory, CabalKey? key, CancellationToken ct)
    {
        var file = Path.Combine(core.Store.InternalDirectory!, KeyFile);
        CabalKey? remembered = File.Exists(file) && CabalKey.TryParse(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false), out var k) ? k : null;
        if (key is not null && remembered is not null && !key.Equals(remembered))
            throw new ChatException(ChatException.KeyMismatch, $"the store {directory} belongs to {remembered}, not {key}");
        var resolved = key ?? remembered
            ?? (CabalKey.TryParse(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), out var fromName) ? fromName : CabalKey.Random());
        if (remembered is null) await File.WriteAllTextAsync(file, resolved + "\n", ct).ConfigureAwait(false);
        return resolved;
    }

    /// <summary>True when <paramref name="directory"/> holds a store that <see cref="OpenAsync"/> opened before (it remembers its cabal key).</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(Kappa.Multifeed.Store.FeedStore.InternalDirectoryOf(directory), KeyFile));

    /// <summary>Waits until the views have indexed everything stored now.</summary>
    public Task ReadyAsync(CancellationToken ct = default) => Core.ReadyAsync([MessagesView, StateView], ct);

    /// <summary>Closes the views and the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await Core.DisposeAsync().ConfigureAwait(false);
        foreach (var s in _viewStores) await s.DisposeAsync().ConfigureAwait(false);
    }
}
