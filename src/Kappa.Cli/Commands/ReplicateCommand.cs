using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Kappa.Cli.Output;
using Kappa.Multifeed.Replication;
using Kappa.Multifeed.Store;
using Kappa.Protocol.Replication;

namespace Kappa.Cli.Commands;

/// <summary>
/// <c>kappa replicate --store DIR (--listen HOST:PORT | --connect HOST:PORT) [--live] [--key HEX] [--timeout SECONDS] [--json]</c>:
/// replicates the whole store with one peer (listen: the first peer that connects, as the
/// non-initiator; connect: as the initiator). Non-live exits 0 once the sync is complete. A store
/// with a writer named <c>local</c> (a cabal) sends its key in Cabal's <c>peer-id</c>; the peer's
/// is reported as <c>remoteId</c>.
/// </summary>
internal static class ReplicateCommand
{
    public static Command Create()
    {
        var store = CliOptions.Store();
        var listen = new Option<string?>("--listen") { Description = "Wait for one peer on HOST:PORT (port 0 picks a free one; printed)." };
        var connect = new Option<string?>("--connect") { Description = "Connect to a peer at HOST:PORT." };
        var live = new Option<bool>("--live") { Description = "Keep replicating new entries and feeds until Ctrl+C." };
        var key = new Option<string?>("--key") { Description = "Shared exchange key, 64 hex characters (default: multifeed's public key)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds of silence from the peer before giving up.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary line instead of progress." };
        var command = new Command("replicate", "Replicate every feed of the store with one peer (kappa-core 6 compatible) over TCP.") { store, listen, connect, live, key, timeout, json };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(listen) is null) == (r.GetValue(connect) is null)) r.AddError("Give exactly one of --listen HOST:PORT or --connect HOST:PORT.");
        });
        CliAction.Set(command, async (parse, ct) =>
        {
            var options = new ReplicationOptions
            {
                Live = parse.GetValue(live),
                EncryptionKey = parse.GetValue(key) is { } hex ? ParseKey(hex) : null,
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
            };
            var asJson = parse.GetValue(json);
            // A listener binds and announces its port before it opens the store: the peer (often a
            // process started on seeing that line) starts up while the store opens, and its
            // connection waits in the backlog meanwhile. A store that fails to open still fails the
            // command; the peer then sees the connection closed.
            using var listener = parse.GetValue(listen) is { } at ? Listen(ParseEndpoint(at), asJson) : null;
            await using var fs = await FeedStore.OpenAsync(parse.GetValue(store)!, ct: ct);
            string? remoteId = null;
            if (CabalIdentity.LocalKey(fs) is { } localKey)
                options = options with { Extensions = [Kappa.Swarm.PeerIdExtension.Create(localKey, id => remoteId = id)] };
            using var socket = listener is not null
                ? await AcceptOneAsync(listener, ct)
                : await ConnectAsync(ParseEndpoint(parse.GetValue(connect)!), options.Timeout, ct);
            var initiator = parse.GetValue(connect) is not null;
            var session = await fs.StartReplicationAsync(socket, initiator, options, ct);
            await using (session)
            {
                using var stop = ct.Register(() => _ = session.DisposeAsync().AsTask());
                ReplicationResult result;
                try
                {
                    result = asJson || Console.IsOutputRedirected ? await session.Completion : await ProgressDisplay.RunAsync(session, options.Live);
                }
                catch (Exception) when (options.Live && ct.IsCancellationRequested)
                {
                    result = new ReplicationResult([], [], session.Progress); // Ctrl+C is how a live session ends
                }
                await WriteSummaryAsync(result, remoteId, asJson, CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    private static async Task WriteSummaryAsync(ReplicationResult result, string? remoteId, bool asJson, CancellationToken ct)
    {
        var p = result.Progress;
        if (!asJson)
        {
            Console.WriteLine($"replicated {result.Feeds.Count} feeds ({result.NewFeeds.Count} new): received {p.BlocksReceived} blocks ({p.BytesReceived} bytes), sent {p.BlocksSent} blocks ({p.BytesSent} bytes)");
            return;
        }
        await using var output = new JsonLineWriter(Console.OpenStandardOutput());
        output.Raw("{\"feeds\":");
        output.Number(result.Feeds.Count);
        output.Raw(",\"newFeeds\":");
        output.Number(result.NewFeeds.Count);
        output.Raw(",\"blocksReceived\":");
        output.Number(p.BlocksReceived);
        output.Raw(",\"bytesReceived\":");
        output.Number(p.BytesReceived);
        output.Raw(",\"blocksSent\":");
        output.Number(p.BlocksSent);
        output.Raw(",\"bytesSent\":");
        output.Number(p.BytesSent);
        if (remoteId is not null) output.Raw(",\"remoteId\":\"" + remoteId + "\""); // 64 hex characters: nothing to escape
        output.Raw("}");
        await output.EndLineAsync(ct);
    }

    /// <summary>A socket listening on <paramref name="at"/>, its address announced (port 0 picks a free port).</summary>
    private static Socket Listen(IPEndPoint at, bool asJson)
    {
        var listener = new Socket(at.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(at);
            listener.Listen(1);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var bound = (IPEndPoint)listener.LocalEndPoint!;
        // Scripts (and tests) learn the port from this line; with --json it is a JSON line on stdout.
        if (asJson) Console.WriteLine($"{{\"listening\":\"{bound}\",\"port\":{bound.Port}}}");
        else Console.Error.WriteLine($"kappa: listening on {bound}");
        Console.Out.Flush();
        return listener;
    }

    /// <summary>The first peer that connects; the listener closes then (later peers are refused).</summary>
    private static async Task<Socket> AcceptOneAsync(Socket listener, CancellationToken ct)
    {
        using var _ = listener;
        var socket = await listener.AcceptAsync(ct);
        socket.NoDelay = true;
        return socket;
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint to, TimeSpan timeout, CancellationToken ct)
    {
        var socket = new Socket(to.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try { await socket.ConnectAsync(to, limit.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"could not connect to {to} within {timeout.TotalSeconds:0} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"could not connect to {to}: {e.Message}", e);
        }
        return socket;
    }

    private static IPEndPoint ParseEndpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new FormatException($"\"{text}\" is not HOST:PORT.");
        var host = text[..colon].Trim('[', ']');
        if (host == "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        var resolved = Dns.GetHostAddresses(host);
        if (resolved.Length == 0) throw new FormatException($"cannot resolve host \"{host}\".");
        return new IPEndPoint(resolved[0], port);
    }

    private static byte[] ParseKey(string hex)
    {
        if (hex.Length != 64) throw new FormatException("--key is 64 hex characters (32 bytes).");
        try { return Convert.FromHexString(hex); }
        catch (FormatException) { throw new FormatException("--key is 64 hex characters (32 bytes)."); }
    }
}
