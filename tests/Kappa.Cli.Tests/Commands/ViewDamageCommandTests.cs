using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary><c>kappa info</c> names a damaged view store without touching it; the next command that opens it starts it afresh, rebuilds the view from the feeds, and info shows that repair.</summary>
public class ViewDamageCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_view_store_with_its_manifest_gone_is_shown_by_info_and_rebuilt_by_the_next_command()
    {
        using var dir = new TempDirectory("view-damage-cli");
        Assert.Equal(0, (await KappaTool.RunAsync(["append", "--store", dir.Path, "3", "4", "5"], timeout: Timeout)).ExitCode);
        Assert.Equal("12", (await KappaTool.RunAsync(["sum", "--store", dir.Path], timeout: Timeout)).Lines.Single());
        var viewDir = dir.Combine(".kappa", "views", "sum");
        foreach (var manifest in Directory.GetFiles(viewDir, "MANIFEST-*")) File.Delete(manifest);

        var info = await KappaTool.RunAsync(["info", "--store", dir.Path], timeout: Timeout);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("sum          damaged (", info.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(viewDir + ".damaged"), "info only reads");

        var sum = await KappaTool.RunAsync(["sum", "--store", dir.Path], timeout: Timeout);
        Assert.Equal("12", sum.Lines.Single());
        Assert.True(Directory.Exists(viewDir + ".damaged"), "the damaged files are kept aside");

        info = await KappaTool.RunAsync(["info", "--store", dir.Path], timeout: Timeout);
        Assert.Contains("sum          version 1, indexed 3 of 3 entries (up to date)", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("last repair", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("No such file", info.Stdout, StringComparison.Ordinal);
        Assert.Contains("views (1):", info.Stdout, StringComparison.Ordinal);
    }
}
