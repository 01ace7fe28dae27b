// A document store that works offline, as Mapeo does: each peer writes versions of documents to
// its own log; a version links to the versions it replaces. Two peers that edit the same document
// while apart both keep their edit (a fork, two heads); reads resolve the fork (latest timestamp
// wins) and any later edit that links both heads merges it.
//   dotnet run --project examples/DocumentStore -- ./docs-db
using System.Net;
using System.Net.Sockets;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Views;
using Kappa.Views.KeyValue;

var root = args.Length > 0 ? args[0] : "./docs-db";
await using var alice = await Peer.OpenAsync(Path.Combine(root, "alice"));
await using var bob = await Peer.OpenAsync(Path.Combine(root, "bob"));

var first = await alice.PutAsync(new { key = "tree-1", species = "oak", timestamp = 1 });
await Peer.SyncAsync(alice, bob);

// Apart, both edit the version they saw.
await alice.PutAsync(new { key = "tree-1", species = "oak", height = 12, timestamp = 2, links = new[] { first } });
await bob.PutAsync(new { key = "tree-1", species = "Quercus robur", timestamp = 3, links = new[] { first } });
await Peer.SyncAsync(alice, bob);

var heads = await alice.Docs.GetAsync("tree-1");
Console.WriteLine($"tree-1 has {heads.Count} heads (a fork): {string.Join(" | ", heads.Select(h => h.Value?.GetProperty("species").GetString()).Order())}");
Console.WriteLine($"read resolves to: {KvResolver.Latest(heads)!.Value?.GetProperty("species")}");

// Bob merges: one version that links both heads.
await bob.PutAsync(new { key = "tree-1", species = "Quercus robur", height = 12, timestamp = 4, links = heads.Select(h => h.Id).ToArray() });
await Peer.SyncAsync(alice, bob);
var merged = await alice.Docs.GetAsync("tree-1");
var doc = merged[0].Value!.Value;
Console.WriteLine($"after the merge: {merged.Count} head: {doc.GetProperty("species")}, height {doc.GetProperty("height")}");

internal sealed class Peer(KappaCore core, RocksDbViewStore db, KvView docs) : IAsyncDisposable
{
    public KappaCore Core => core;
    public KvView Docs => docs;

    public static async Task<Peer> OpenAsync(string dir)
    {
        var core = await KappaCore.OpenAsync(dir);
        var db = RocksDbViewStore.Open(core.ViewDirectory("docs")!);
        return new Peer(core, db, core.Use("docs", 1, new KvView(db)));
    }

    /// <summary>Appends a document version; returns its id ("feed@seq"), which later versions link to.</summary>
    public async Task<string> PutAsync(object document)
    {
        var writer = await core.WriterAsync("me");
        var seq = await writer.AppendAsync(document);
        return new EntryId(writer.Key, seq).ToString();
    }

    /// <summary>Replicates two peers over TCP on 127.0.0.1 until both hold everything.</summary>
    public static async Task SyncAsync(Peer a, Peer b)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptSocketAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using var server = await accept;
        await Task.WhenAll(a.Core.ReplicateAsync(client, isInitiator: true), b.Core.ReplicateAsync(server, isInitiator: false));
    }

    public async ValueTask DisposeAsync()
    {
        await core.DisposeAsync();
        await db.DisposeAsync();
    }
}
