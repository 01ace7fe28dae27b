using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Cli.Tests.Commands;

/// <summary><c>kappa info</c> shows a torn tail, <c>kappa verify --repair</c> cuts it off on disk, and the writer appends on.</summary>
public class RepairCommandTests
{
    [Fact]
    public async Task A_torn_last_entry_is_shown_by_info_cut_by_verify_repair_and_appending_goes_on()
    {
        using var dir = new TempDirectory();
        var append = await KappaTool.RunAsync(["append", "--store", dir.Path, "\"first\"", "\"second\""]);
        Assert.Equal(0, append.ExitCode);
        var data = dir.Combine("0", "data");
        var bytes = await File.ReadAllBytesAsync(data);
        await File.WriteAllBytesAsync(data, bytes[..^4]); // a power cut tore the last data write

        var info = await KappaTool.RunAsync(["info", "--store", dir.Path]);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("damage found (1;", info.Stdout, StringComparison.Ordinal);
        Assert.Equal(bytes.Length - 4, new FileInfo(data).Length); // info never writes

        var repair = await KappaTool.RunAsync(["verify", "--store", dir.Path, "--repair"]);
        Assert.Equal(0, repair.ExitCode);
        var repaired = JsonDocument.Parse(repair.Lines[0]).RootElement;
        Assert.Equal("0", repaired.GetProperty("repaired").GetString());
        Assert.Equal(1, repaired.GetProperty("length").GetInt64());
        Assert.True(JsonDocument.Parse(repair.Lines[^1]).RootElement.GetProperty("ok").GetBoolean());

        Assert.Equal(0, (await KappaTool.RunAsync(["append", "--store", dir.Path, "\"third\""])).ExitCode);
        var cat = await KappaTool.RunAsync(["cat", "--store", dir.Path]);
        Assert.Equal(0, cat.ExitCode);
        Assert.Equal(["first", "third"], cat.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("value").GetString()));
        Assert.Equal(0, (await KappaTool.RunAsync(["verify", "--store", dir.Path])).ExitCode);
    }
}
