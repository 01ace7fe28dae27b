using System.Text.Json;
using Kappa.TestSupport;

namespace Kappa.Multifeed.Tests.Interop;

// The kappa-core 6 README's sum view (kappa-view over memdb) run by the real JS packages.
public class JsSumViewTests
{
    [JsFact]
    public async Task Sum_view_adds_the_numeric_entries_of_every_feed_and_skips_the_rest()
    {
        using var dir = new TempDirectory("js-sum");
        await JsReference.AppendAsync(dir.Path, "a", [.. Enumerable.Repeat("1", 150), "\"7\"", "{\"n\":3}"]);
        await JsReference.AppendAsync(dir.Path, "b", ["2.5", "-4", "null"]);

        var sum = (await JsReference.RunAsync(["sum", "--store", dir.Path])).EnsureSuccess().OnlyLine();

        Assert.Equal(148.5, sum.GetProperty("sum").GetDouble());
        Assert.Equal(155, sum.Num("entries"));
        Assert.Equal(152, sum.Num("numeric"));
    }

    [JsFact]
    public async Task The_readme_view_as_written_concatenates_strings_once_a_second_batch_reads_the_sum_back()
    {
        // kappa-view indexes in batches of 100 and memdb keeps values as utf-8 strings, so the
        // README's map reads "100" back for the second batch and "100" + 1 + 1 ... is text.
        using var dir = new TempDirectory("js-sum");
        await JsReference.AppendAsync(dir.Path, "default", Enumerable.Repeat("1", 150));

        var sum = (await JsReference.RunAsync(["sum", "--store", dir.Path, "--as-readme"])).EnsureSuccess().OnlyLine().GetProperty("sum");

        Assert.Equal(JsonValueKind.String, sum.ValueKind);
        Assert.Equal("100" + new string('1', 50), sum.GetString());
    }

    [JsFact]
    public async Task Sum_of_an_empty_store_is_zero()
    {
        using var dir = new TempDirectory("js-sum");
        await JsReference.AppendAsync(dir.Path, "default", []);

        var sum = (await JsReference.RunAsync(["sum", "--store", dir.Path])).EnsureSuccess().OnlyLine();

        Assert.Equal(0, sum.Num("sum"));
        Assert.Equal(0, sum.Num("entries"));
    }
}
