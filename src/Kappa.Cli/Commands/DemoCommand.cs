using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa demo [--store DIR]</c>: the README's main job. Two stores under DIR (alice and bob),
/// each with its own writer appending numbers and a persistent sum view; they replicate over TCP
/// loopback and both sums agree. Running it again continues the same stores.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store(required: false);
        store.DefaultValueFactory = _ => "./kappa-demo";
        var command = new Command("demo", "Two peers append numbers, replicate over TCP and agree on the sum (run again to continue).") { store };
        CliAction.Set(command, async (parse, ct) =>
        {
            var root = Path.GetFullPath(parse.GetValue(store)!);
            await using var alice = await Peer.OpenAsync(Path.Combine(root, "alice"), ct);
            await using var bob = await Peer.OpenAsync(Path.Combine(root, "bob"), ct);
            var a = await alice.AppendAsync(3, ct);
            var b = await bob.AppendAsync(2, ct);
            Console.WriteLine($"alice appended {a}; her sum is now {await alice.Sum.GetAsync(ct)}");
            Console.WriteLine($"bob appended {b}; his sum is now {await bob.Sum.GetAsync(ct)}");

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accept = listener.AcceptSocketAsync(ct).AsTask();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, ct);
            using var server = await accept;
            var results = await Task.WhenAll(
                alice.Core.ReplicateAsync(client, isInitiator: true, ct: ct),
                bob.Core.ReplicateAsync(server, isInitiator: false, ct: ct));
            Console.WriteLine($"replicated over TCP {listener.LocalEndpoint}: alice received {results[0].Progress.BlocksReceived} entries, bob received {results[1].Progress.BlocksReceived} (every one verified against its writer's signature)");

            var sa = await alice.Sum.GetAsync(ct);
            var sb = await bob.Sum.GetAsync(ct);
            Console.WriteLine($"alice's sum: {sa}   bob's sum: {sb}   {(sa == sb ? "they agree" : "THEY DISAGREE")} ({alice.Core.Feeds.Sum(f => f.Length)} entries in {alice.Core.Feeds.Count} feeds)");
            Console.WriteLine($"stores are in {root}; run the demo again to continue them");
            return sa == sb ? 0 : 1;
        });
        return command;
    }

    private sealed class Peer : IAsyncDisposable
    {
        private Peer(KappaCore core, RocksDbViewStore db, SumView sum)
        {
            Core = core;
            Db = db;
            Sum = sum;
        }

        public KappaCore Core { get; }
        private RocksDbViewStore Db { get; }
        public SumView Sum { get; }

        public static async Task<Peer> OpenAsync(string dir, CancellationToken ct)
        {
            var core = await KappaCore.OpenAsync(dir, ct: ct);
            var db = RocksDbViewStore.Open(core.ViewDirectory("sum")!);
            return new Peer(core, db, core.Use("sum", 1, new SumView(db)));
        }

        /// <summary>Appends the next <paramref name="count"/> numbers of this peer's own counter.</summary>
        public async Task<string> AppendAsync(int count, CancellationToken ct)
        {
            var writer = await Core.WriterAsync("me", ct);
            var numbers = Enumerable.Range((int)writer.Length + 1, count).ToArray();
            await writer.AppendBatchAsync(numbers, ct);
            return string.Join(", ", numbers);
        }

        public async ValueTask DisposeAsync()
        {
            await Core.DisposeAsync();
            await Db.DisposeAsync();
        }
    }
}
