using Kappa.TestSupport;

namespace Kappa.Core.Tests.Views;

/// <summary>A view name becomes a directory under .kappa/views: it can never point outside it.</summary>
public class ViewDirectoryTests
{
    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc")]
    [InlineData("a\0b")]
    public async Task A_name_that_is_not_one_path_segment_is_refused(string name)
    {
        using var dir = new TempDirectory("view-dir");
        await using var core = await KappaCore.OpenAsync(dir.Path);
        Assert.Throws<ArgumentException>(() => core.ViewDirectory(name));
    }

    [Fact]
    public async Task A_plain_name_lies_directly_under_the_store_views_folder()
    {
        using var dir = new TempDirectory("view-dir");
        await using var core = await KappaCore.OpenAsync(dir.Path);
        var path = core.ViewDirectory("list-a%2Fb..c")!;
        Assert.Equal(Path.Combine(dir.Path, ".kappa", "views"), Path.GetDirectoryName(path));
        Assert.Equal("list-a%2Fb..c", Path.GetFileName(path));
    }
}
