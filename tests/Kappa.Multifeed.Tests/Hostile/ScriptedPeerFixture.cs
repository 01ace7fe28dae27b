using System.Diagnostics;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Hostile;

/// <summary>Our store (one local writer) accepting one scripted peer over TCP.</summary>
internal sealed class ScriptedPeerFixture : IAsyncDisposable
{
    /// <summary>A short timeout, so a peer that stalls fails the session within seconds.</summary>
    public static readonly ReplicationOptions HostileOptions = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new("hostile");
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ReplicationOptions _options = HostileOptions;
    private System.Net.Sockets.Socket _server = null!;

    public FeedStore Store { get; private set; } = null!;
    public System.Net.Sockets.Socket Client { get; private set; } = null!;

    public static async Task<ScriptedPeerFixture> CreateAsync(ReplicationOptions? options = null)
    {
        var f = new ScriptedPeerFixture { _options = options ?? HostileOptions };
        f.Store = await FeedStore.OpenAsync(f._dir.Combine("store"));
        await (await f.Store.WriterAsync("mine")).AppendAsync("mine");
        (f.Client, f._server) = await Loopback.ConnectedPairAsync();
        return f;
    }

    /// <summary>Runs our side until it fails or completes.</summary>
    public async Task StartAsync()
    {
        var session = await Store.StartReplicationAsync(_server, isInitiator: false, _options);
        await using (session) await session.Completion;
    }

    public async Task<(ReplicationSession, ScriptedPeer)> ConnectScriptedAsync()
    {
        var ours = Store.StartReplicationAsync(_server, isInitiator: false, _options);
        var peer = await ScriptedPeer.ConnectAsync(Client, isInitiator: true);
        return (await ours, peer);
    }

    public void AssertQuick() => Assert.True(_clock.Elapsed < Quick, $"took {_clock.Elapsed}");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        _server.Dispose();
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
