using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.Core.Views;
using Kappa.Hypercore;
using Kappa.Views.List;

namespace Kappa.CrashHost;

/// <summary>
/// Appends and indexes into DIR/store until the disk is full (the test mounts a small tmpfs at
/// DIR inside a mount namespace), then waits for the test to free space, resumes, and proves
/// that appending and indexing go on. Talks in lines:
/// <code>
/// out: ready                       (store open, views attached, DIR/ballast written)
/// out: acked LENGTH                (an append was acknowledged)
/// out: full CODE MESSAGE           (an append failed typed; the paused views now index their backlog)
/// out: view NAME CODE INNERCODE …  (a view faulted, typed)
/// out: waiting                     (every view caught up or faulted; waiting for "freed" on stdin)
/// in:  freed                       (the test deleted the ballast)
/// out: indexed LIST SUM LENGTH     (after more appends, every view caught up)
/// out: closed LENGTH               (the store is closed: the test may open it; "exit" on stdin ends)
/// out: untyped TYPE MESSAGE        (anything not a KappaException: the test fails)
/// </code>
/// </summary>
internal static class DiskFullLoop
{
    private static readonly string Text = new('x', 300);

    public static async Task<int> RunAsync(string dir)
    {
        try { return await RunCoreAsync(dir); }
        catch (Exception e) when (e is not KappaException)
        {
            Say($"untyped {e.GetType().FullName} {e.Message.ReplaceLineEndings(" ")}");
            return 3;
        }
    }

    private static async Task<int> RunCoreAsync(string dir)
    {
        await File.WriteAllBytesAsync(Path.Combine(dir, "ballast"), new byte[7 * 512 * 1024]); // 3.5 MiB: freeing it leaves RocksDB room to reopen and index the backlog
        var storeDir = Path.Combine(dir, "store");
        var core = await KappaCore.OpenAsync(storeDir);
        var listDb = RocksDbViewStore.Open(core.ViewDirectory("list")!);
        var sumDb = RocksDbViewStore.Open(core.ViewDirectory("sum")!);
        long length;
        try
        {
            core.ViewFaulted += (_, e) => Say($"view {e.Error.View} {e.Error.Code} {(e.Error.InnerException as KappaException)?.Code ?? "-"} {e.Error.InnerException?.Message.ReplaceLineEndings(" ")}");
            var list = core.Use("list", 1, ListView.ByPath(listDb, "n"));
            var sum = core.Use("sum", 1, new SumView(sumDb));
            var feed = await core.WriterAsync("w");
            // The views wait while the log fills the disk, then meet the full disk with a backlog to index.
            await core.PauseAsync();
            Say("ready");
            while (await TryAppendAsync(feed) is null) { }
            core.Resume();
            try { await core.ReadyAsync(); }
            catch (ViewException) { /* reported by ViewFaulted */ }
            // The test frees space and tells us.
            Say($"waiting {new DriveInfo(dir).AvailableFreeSpace}");
            if (Console.ReadLine() != "freed") return 4;
            Say($"free {new DriveInfo(dir).AvailableFreeSpace}");
            core.Resume();
            for (var i = 0; i < 20; i++)
                if (await TryAppendAsync(feed) is { } again) throw new InvalidOperationException("still full after space was freed: " + again.Message);
            // A view that meets the disk still full (RocksDB reopening after ENOSPC) faults typed again; resume it, a few times at most.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await core.ReadyAsync();
                    break;
                }
                catch (ViewException) when (attempt < 10)
                {
                    await Task.Delay(200);
                    core.Resume();
                }
            }
            length = feed.Length;
            Say($"indexed {await list.ReadAsync().CountAsync()} {await sum.GetAsync()} {length}");
        }
        finally
        {
            await core.DisposeAsync();
            await listDb.DisposeAsync();
            await sumDb.DisposeAsync();
        }
        Say($"closed {length}");
        return Console.ReadLine() == "exit" ? 0 : 5;
    }

    /// <summary>Appends a batch; null when acknowledged, the typed error when the disk refused it.</summary>
    private static async Task<KappaException?> TryAppendAsync(Feed feed)
    {
        var n = feed.Length;
        try
        {
            await feed.AppendBatchAsync(Enumerable.Range(0, 10).Select(i => new Row(n + i, Text)));
            Say($"acked {feed.Length}");
            return null;
        }
        catch (KappaException e)
        {
            Say($"full {e.Code} {e.Message.ReplaceLineEndings(" ")}");
            return e;
        }
    }

    private static void Say(string line)
    {
        lock (Text)
        {
            Console.WriteLine(line);
            Console.Out.Flush();
        }
    }

    internal sealed record Row(long n, string text);
}
