using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Kappa.Packaging.Tests;

/// <summary>What <c>dotnet pack Kappa.slnx</c> writes: one package per library, the tool, symbols, metadata.</summary>
[Collection(PackedRepositoryTests.Name)]
public sealed class When_the_repository_is_packed(PackedRepository packed)
{
    private static readonly string[] Libraries =
        ["Kappa.Hypercore", "Kappa.Protocol", "Kappa.Multifeed", "Kappa.Swarm", "Kappa.Core", "Kappa.Views", "Kappa.Chat", "Kappa.Server"];

    // Portable PDB custom debug information kind of the SourceLink JSON (System.Reflection.Metadata docs).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void Every_library_and_the_tool_is_a_package_with_symbols_and_nothing_else_is()
    {
        var names = Directory.GetFiles(packed.Feed).Select(Path.GetFileName).Order().ToArray();
        string[] expected = [.. Libraries.Append("Kappa.Cli").SelectMany(n => new[] { $"{n}.1.0.0.nupkg", $"{n}.1.0.0.snupkg" }).Order()];
        Assert.Equal(expected, names);
    }

    [Theory]
    [InlineData("Kappa.Hypercore")]
    [InlineData("Kappa.Protocol")]
    [InlineData("Kappa.Multifeed")]
    [InlineData("Kappa.Swarm")]
    [InlineData("Kappa.Core")]
    [InlineData("Kappa.Views")]
    [InlineData("Kappa.Chat")]
    [InlineData("Kappa.Server")]
    public void A_library_package_carries_licence_readme_repository_commit_and_xml_docs(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{id}.1.0.0.nupkg"));
        var meta = Nuspec(zip);
        Assert.Equal("1.0.0", Text(meta, "version"));
        Assert.Equal("MIT", Text(meta, "license"));
        Assert.Equal("README.md", Text(meta, "readme"));
        Assert.False(string.IsNullOrWhiteSpace(Text(meta, "description")));
        var repository = meta.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.StartsWith("https://github.com/", repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml"));
    }

    [Theory]
    [InlineData("Kappa.Core")]
    [InlineData("Kappa.Hypercore")]
    public void The_symbol_package_has_a_pdb_whose_source_link_points_at_the_repository(string id)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{id}.1.0.0.snupkg"));
        using var pdb = new MemoryStream();
        using (var s = zip.GetEntry($"lib/net10.0/{id}.pdb")!.Open()) s.CopyTo(pdb);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == SourceLinkKind)
            .Select(c => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(c.Value)))
            .SingleOrDefault();
        Assert.NotNull(sourceLink);
        Assert.Matches("https://raw\\.githubusercontent\\.com/[^\"]+/[0-9a-f]{40}/\\*", sourceLink);
    }

    [Fact]
    public void The_tool_package_is_a_dotnet_tool_named_kappa()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Kappa.Cli.1.0.0.nupkg"));
        var meta = Nuspec(zip);
        Assert.Contains(meta.Elements().Single(e => e.Name.LocalName == "packageTypes").Elements(),
            t => t.Attribute("name")?.Value == "DotnetTool");
        var settings = XDocument.Load(zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        var command = settings.Descendants().Single(e => e.Name.LocalName == "Command");
        Assert.Equal("kappa", command.Attribute("Name")?.Value);
        // The natives come inside the tool package, from their own NuGet packages.
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("linux-x64/native/libsodium.so", StringComparison.Ordinal));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith("linux-x64/native/librocksdb.so", StringComparison.Ordinal));
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var s = entry.Open();
        return XDocument.Load(s).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Text(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
