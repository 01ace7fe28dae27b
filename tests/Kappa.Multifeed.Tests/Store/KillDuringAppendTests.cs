using System.Diagnostics;
using System.Text.Json;
using Kappa.Multifeed.Store;
using Kappa.TestSupport;
using Xunit.Abstractions;

namespace Kappa.Multifeed.Tests.Store;

/// <summary>A writer process is killed with SIGKILL at random moments, many times, on one store.</summary>
public class KillDuringAppendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_every_kill_the_store_reopens_with_every_acknowledged_entry_and_verifies()
    {
        const int seed = 4242;
        const int kills = 10;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var dir = new TempDirectory("kill");
        long acknowledged = 0;
        for (var round = 0; round < kills; round++)
        {
            var ackedThisRound = await RunAndKillAsync(dir.Path, random.Next(), random.Next(1, 120));
            acknowledged = Math.Max(acknowledged, ackedThisRound);

            await using var store = await FeedStore.OpenAsync(dir.Path);
            var feed = Assert.Single(store.Feeds);
            // A kill stops the writer with signatures still queued (Feed.Signing.cs): the open signs
            // them again, which is not damage; nothing else a kill leaves half-done is either.
            Assert.True(store.Repairs.Count == 0, $"round {round}: " + string.Join("; ", store.Repairs.Select(r => r.Message)));
            Assert.True(feed.Length >= acknowledged, $"round {round}: length {feed.Length} < acknowledged {acknowledged}");
            var report = await feed.VerifyAsync();
            Assert.True(report.IsValid, $"round {round}: " + string.Join("; ", report.Problems));
            long expected = 0;
            await foreach (var e in feed.ReadAsync<JsonElement>())
                Assert.Equal(expected++, e.Value.GetProperty("n").GetInt64());
            Assert.Equal(feed.Length, expected);
            output.WriteLine($"round {round}: acknowledged {ackedThisRound}, reopened length {feed.Length}");
        }
    }

    /// <summary>Starts the appender, lets it acknowledge <paramref name="acks"/> appends, kills it; returns the last acknowledged length seen.</summary>
    private static async Task<long> RunAndKillAsync(string dir, int seed, int acks)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Kappa.CrashHost.dll"), "append", dir, seed.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        long last = 0;
        try
        {
            for (var seen = 0; seen < acks;)
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                    ?? throw new InvalidOperationException("appender ended: " + await process.StandardError.ReadToEndAsync());
                if (!line.StartsWith("acked ", StringComparison.Ordinal)) continue;
                last = long.Parse(line.AsSpan(6), System.Globalization.CultureInfo.InvariantCulture);
                seen++;
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL: no cleanup, no flush
            await process.WaitForExitAsync();
        }
        return last;
    }
}
