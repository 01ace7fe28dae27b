using System.Diagnostics;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Reliability.Tests.Storage;

/// <summary>
/// A real full disk: a child process appends and indexes into a 6 MiB tmpfs (3.5 MiB of it a ballast file), mounted inside a
/// mount namespace the test creates, until the kernel says ENOSPC; then the test frees space.
/// </summary>
public class DiskFullTests(ITestOutputHelper output)
{
    private const long TmpfsBytes = 6 * 1024 * 1024;
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(2);
    // A view whose store refused a write: faulted with its typed state error, the disk-full code inside.
    // Seen in about 1 run of 6: RocksDB reopening after ENOSPC still finds the disk full once (on a write, or on a read
    // inside the map, which KappaView also reports as a state failure); the host resumes the view again.
    private const string TypedViewFaultAfterFree = "^view \\S+ KAPPA_VIEW_STATE_FAILED KAPPA_STORE_DISK_FULL Disk full while (writing|reopening) the view database ";
    private const string TypedViewFault = "^view \\S+ KAPPA_VIEW_STATE_FAILED KAPPA_STORE_DISK_FULL Disk full while writing the view database ";

    [MountNamespaceFact]
    public async Task A_full_disk_gives_typed_errors_loses_no_acknowledged_entry_and_work_resumes_once_space_is_freed()
    {
        using var dir = new TempDirectory("diskfull");
        var mount = dir.Combine("mnt");
        Directory.CreateDirectory(mount);
        using var host = TmpfsNamespace.Start(mount, TmpfsBytes, "dotnet", Path.Combine(AppContext.BaseDirectory, "Kappa.CrashHost.dll"), "diskfull", mount);
        var stderr = host.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        try
        {
            Assert.Equal("ready", await NextAsync(host, lines));
            long acked = 0;
            string line;
            while ((line = await NextAsync(host, lines)).StartsWith("acked ", StringComparison.Ordinal))
                acked = long.Parse(line[6..], System.Globalization.CultureInfo.InvariantCulture);
            // The append the disk refused: typed, with the code that says why.
            Assert.StartsWith("full KAPPA_STORAGE_DISK_FULL Disk full while trying to", line, StringComparison.Ordinal);
            Assert.True(acked > 0, "some appends were acknowledged before the disk filled");
            // The views (paused until now) index their backlog into RocksDB on the full disk: each faults, typed.
            var viewFaults = 0;
            while (!(line = await NextAsync(host, lines)).StartsWith("waiting ", StringComparison.Ordinal))
            {
                Assert.Matches(TypedViewFault, line);
                viewFaults++;
            }
            Assert.Equal(2, viewFaults);

            // Free space from outside the process, through its mount namespace.
            File.Delete(TmpfsNamespace.Inside(host, Path.Combine(mount, "ballast")));
            await host.StandardInput.WriteLineAsync("freed");
            await host.StandardInput.FlushAsync();
            string indexed;
            var refaults = 0;
            while (!(indexed = await NextAsync(host, lines)).StartsWith("indexed ", StringComparison.Ordinal))
            {
                if (indexed.StartsWith("view ", StringComparison.Ordinal))
                {
                    Assert.Matches(TypedViewFaultAfterFree, indexed);
                    refaults++;
                }
                else Assert.Matches("^(acked|free) ", indexed);
            }
            var parts = indexed.Split(' ');
            var length = long.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(acked + 200, length); // appending resumed: 20 more batches of 10
            Assert.Equal(length.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[1]); // the list view indexed every entry
            Assert.Equal($"closed {length}", await NextAsync(host, lines));

            // The store as the disk kept it, opened by this process through the namespace: every acknowledged entry, verified.
            await using (var store = await FeedStore.OpenAsync(TmpfsNamespace.Inside(host, Path.Combine(mount, "store")), new FeedStoreOptions { ReadOnly = true }))
            {
                var feed = Assert.Single(store.Feeds);
                Assert.Equal(length, feed.Length);
                Assert.True((await feed.VerifyAsync()).IsValid);
                for (long seq = 0; seq < length; seq += 97)
                    Assert.Equal(seq, System.Text.Json.JsonDocument.Parse((await feed.GetRawAsync(seq)).ToArray()).RootElement.GetProperty("n").GetInt64());
            }
            await host.StandardInput.WriteLineAsync("exit");
            await host.StandardInput.FlushAsync();
            await host.WaitForExitAsync().WaitAsync(Step);
            Assert.Equal(0, host.ExitCode);
            output.WriteLine($"tmpfs {TmpfsBytes} bytes: {acked} entries acknowledged before ENOSPC, {viewFaults} views faulted on the full disk (typed), then {length - acked} more after freeing the ballast ({refaults} view faults again while RocksDB reopened); store reopened with {length} entries, verified");
        }
        catch (Exception e) when (e is not TimeoutException)
        {
            try { await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (TimeoutException) { }
            throw new Xunit.Sdk.XunitException($"{e.Message}\nhost said:\n{string.Join('\n', lines.TakeLast(30))}\nstderr: {(host.HasExited ? $"(exit {host.ExitCode}) " + await stderr : "(running)")}", e);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }
        }
    }

    private static async Task<string> NextAsync(Process host, List<string> lines)
    {
        var line = await host.StandardOutput.ReadLineAsync().WaitAsync(Step)
            ?? throw new InvalidOperationException("the host exited early");
        lines.Add(line);
        Assert.DoesNotContain("untyped", line, StringComparison.Ordinal);
        return line;
    }
}
