using Kappa.TestSupport;

namespace Kappa.Packaging.Tests;

/// <summary>Each program under examples/ (linked from the README) runs and prints what it promises.</summary>
public sealed class When_the_examples_run
{
    [Fact]
    public async Task Sum_prints_6_and_a_second_run_continues_the_same_store()
    {
        using var dir = new TempDirectory("example-sum");
        var first = await ExampleProgram.RunAsync("Sum", dir.Path, dir.Combine("db"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("sum: 6 (3 numbers in 1 log)", first.Stdout.Trim());

        var second = await ExampleProgram.RunAsync("Sum", dir.Path, dir.Combine("db"));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("sum: 12 (6 numbers in 1 log)", second.Stdout.Trim());
    }

    [Fact]
    public async Task DocumentStore_shows_a_fork_resolves_it_on_read_and_merges_it()
    {
        using var dir = new TempDirectory("example-docs");
        var run = await ExampleProgram.RunAsync("DocumentStore", dir.Path, dir.Combine("db"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [
                "tree-1 has 2 heads (a fork): Quercus robur | oak",
                "read resolves to: Quercus robur",
                "after the merge: 1 head: Quercus robur, height 12",
            ],
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Telemetry_exports_Kappa_metrics_and_spans_through_the_OpenTelemetry_console_exporter()
    {
        using var dir = new TempDirectory("example-telemetry");
        var run = await ExampleProgram.RunAsync("Telemetry", dir.Path, dir.Combine("db"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("sum: 6", run.Stdout, StringComparison.Ordinal);
        foreach (var expected in new[] { "kappa.view.batch", "kappa.feed.appended.blocks", "kappa.view.lag", "kappa.view.batch.duration" })
            Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }
}
