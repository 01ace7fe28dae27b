using System.Diagnostics;
using Xunit;

namespace Kappa.TestSupport;

/// <summary>
/// Runs an indexing mode of tests/Kappa.CrashHost (it prints "started" once the store is open and
/// its views are attached) and kills it with SIGKILL a chosen time after that line. Timing the
/// kill from "started" rather than from process start keeps .NET start-up (long on a loaded
/// machine, short on an idle one) from deciding whether the kill lands mid-index.
/// </summary>
public static class CrashHostIndexer
{
    /// <summary>How one run ended: killed, or finished after indexing for <paramref name="Indexing"/>.</summary>
    public readonly record struct Outcome(bool Killed, TimeSpan Indexing);

    /// <summary>Runs <c>Kappa.CrashHost MODE DIR 10</c>; kills it <paramref name="killAfter"/> after "started" unless it finished first.</summary>
    public static async Task<Outcome> RunAsync(string mode, string dir, TimeSpan killAfter)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Kappa.CrashHost.dll"), mode, dir, "10" }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var first = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(killAfter);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            Assert.True(first == "started" && process.ExitCode == 0, $"{first}\n{await stdout}{await stderr}");
            return new Outcome(false, clock.Elapsed);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Outcome(true, clock.Elapsed);
        }
    }

    /// <summary>
    /// The kill -9 rounds of a view crash test: each round adds new work (<paramref name="addWork"/>,
    /// so a batch is in flight to kill), runs <paramref name="mode"/> and kills it at a moment from
    /// <see cref="KillMoments"/>. Asserts that at least half the rounds were killed mid-index and that
    /// a last, unkilled run finishes; every message carries <paramref name="seed"/>.
    /// </summary>
    public static async Task KillRoundsAsync(string mode, string dir, int rounds, int seed, Random random, Func<Task> addWork, Action<string> log)
    {
        var moments = new KillMoments(random, TimeSpan.FromMilliseconds(300));
        var killedRounds = 0;
        for (var round = 0; round < rounds; round++)
        {
            await addWork();
            var outcome = await RunAsync(mode, dir, moments.Next());
            moments.Record(outcome);
            if (outcome.Killed) killedRounds++;
            log($"round {round}: {(outcome.Killed ? "killed" : "finished")}");
        }
        Assert.True(killedRounds >= rounds / 2, $"only {killedRounds} of {rounds} rounds were killed mid-index (seed {seed})");
        Assert.False((await RunAsync(mode, dir, TimeSpan.FromMinutes(2))).Killed, $"the last run did not finish (seed {seed})");
    }

    /// <summary>
    /// Picks kill moments inside the indexing time: a random 5–90 % of the last full run's indexing
    /// time (a first guess until one finishes), so most rounds are killed mid-index on any machine.
    /// </summary>
    public sealed class KillMoments(Random random, TimeSpan firstGuess)
    {
        private TimeSpan _estimate = firstGuess;

        /// <summary>The next kill delay after "started".</summary>
        public TimeSpan Next() => TimeSpan.FromMilliseconds(_estimate.TotalMilliseconds * (0.05 + 0.85 * random.NextDouble()));

        /// <summary>Records a run: a finished one tells how long indexing a round's work takes.</summary>
        public void Record(Outcome outcome)
        {
            if (!outcome.Killed) _estimate = outcome.Indexing;
        }
    }
}
