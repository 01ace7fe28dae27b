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
        // The tool is .NET 10 RID-specific tool packages: a pointer package (no assemblies, so no
        // symbols) and one package per RID in ToolPackageRuntimeIdentifiers, each with symbols.
        string[] withSymbols = [.. Libraries, "Kappa.Cli.linux-x64", "Kappa.Cli.any"];
        string[] expected = [.. withSymbols.SelectMany(n => new[] { $"{n}.1.0.0.nupkg", $"{n}.1.0.0.snupkg" })
            .Append("Kappa.Cli.1.0.0.nupkg").Order()];
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
    public void The_tool_package_is_a_dotnet_tool_named_kappa_that_points_at_a_linux_x64_and_an_any_package()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Kappa.Cli.1.0.0.nupkg"));
        Assert.Equal("DotnetTool", PackageType(zip));
        var settings = XDocument.Load(zip.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open());
        var command = settings.Descendants().Single(e => e.Name.LocalName == "Command");
        Assert.Equal("kappa", command.Attribute("Name")?.Value);
        var byRid = settings.Descendants().Where(e => e.Name.LocalName == "RuntimeIdentifierPackage")
            .ToDictionary(e => e.Attribute("RuntimeIdentifier")!.Value, e => e.Attribute("Id")!.Value);
        Assert.Equal(new Dictionary<string, string> { ["linux-x64"] = "Kappa.Cli.linux-x64", ["any"] = "Kappa.Cli.any" }, byRid);
        // The implementation lives in the RID packages only.
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_linux_x64_tool_package_holds_ReadyToRun_assemblies_and_the_linux_x64_natives()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Kappa.Cli.linux-x64.1.0.0.nupkg"));
        Assert.Equal("DotnetToolRidPackage", PackageType(zip));
        const string dir = "tools/net10.0/linux-x64/";
        // Every assembly the tool runs, its own and its dependencies', precompiled (satellite
        // resource assemblies in subfolders have no code to compile).
        var assemblies = zip.Entries.Where(e => e.FullName.StartsWith(dir, StringComparison.Ordinal)
            && !e.FullName[dir.Length..].Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
        Assert.Contains(assemblies, e => e.Name == "kappa.dll");
        Assert.Contains(assemblies, e => e.Name == "Kappa.Core.dll");
        Assert.All(assemblies, e => Assert.True(ReadyToRunCode.IsIn(e), $"{e.FullName} has no ReadyToRun code"));
        Assert.NotNull(zip.GetEntry(dir + "kappa")); // the apphost the tool runs as
        Assert.NotNull(zip.GetEntry(dir + "libsodium.so"));
        Assert.NotNull(zip.GetEntry(dir + "librocksdb.so"));
    }

    [Fact]
    public void The_linux_x64_tool_package_holds_framework_code_compiled_ahead_of_time_guarded_by_IL_checks()
    {
        // crossgen2's --opt-cross-module compiles framework IL into the images — the generics over
        // Kappa's types (List<FeedKey>, Dictionary<FeedKey, …>, the boxes of Kappa's async methods)
        // that a framework-dependent image otherwise leaves to the JIT at every start, and framework
        // methods inlined into Kappa's code. Every such method carries a Check_IL_Body fixup, so the
        // count tells whether the option took effect (it does not tell generics from inlinees);
        // none may be Verify_IL_Body, which would fail the tool after a framework update instead
        // of JIT-compiling the changed methods.
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Kappa.Cli.linux-x64.1.0.0.nupkg"));
        foreach (var name in new[] { "kappa.dll", "Kappa.Protocol.dll", "Kappa.Multifeed.dll", "Kappa.Core.dll" })
        {
            var (check, verify) = ReadyToRunCode.IlBodyFixups(zip.GetEntry("tools/net10.0/linux-x64/" + name)!);
            Assert.True(check > 0, $"{name} holds no framework code compiled ahead of time (no Check_IL_Body fixups)");
            Assert.True(verify == 0, $"{name} has {verify} Verify_IL_Body fixups");
        }
    }

    [Fact]
    public void The_any_tool_package_is_framework_dependent_IL_with_every_platforms_natives()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Feed, "Kappa.Cli.any.1.0.0.nupkg"));
        Assert.Equal("DotnetToolRidPackage", PackageType(zip));
        var settings = XDocument.Load(zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open());
        var command = settings.Descendants().Single(e => e.Name.LocalName == "Command");
        Assert.Equal("kappa.dll", command.Attribute("EntryPoint")?.Value);
        Assert.Equal("dotnet", command.Attribute("Runner")?.Value);
        // Every managed assembly (runtimes/*/native/*.dll are Windows' native libraries, not .NET).
        var assemblies = zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)
            && !e.FullName.Contains("/native/", StringComparison.Ordinal)).ToArray();
        Assert.Contains(assemblies, e => e.FullName == "tools/net10.0/any/kappa.dll");
        Assert.Contains(assemblies, e => e.FullName == "tools/net10.0/any/Kappa.Core.dll");
        Assert.All(assemblies, e => Assert.False(ReadyToRunCode.IsIn(e), $"{e.FullName} has ReadyToRun code in the portable package"));
        // The natives come inside the tool package, from their own NuGet packages, for every platform.
        foreach (var native in new[] { "linux-x64/native/libsodium.so", "linux-x64/native/librocksdb.so",
                     "linux-arm64/native/librocksdb.so", "osx-arm64/native/librocksdb.dylib", "win-x64/native/rocksdb.dll" })
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/runtimes/" + native);
    }

    private static string? PackageType(ZipArchive zip) =>
        Nuspec(zip).Elements().Single(e => e.Name.LocalName == "packageTypes").Elements().Single().Attribute("name")?.Value;

    private static XElement Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var s = entry.Open();
        return XDocument.Load(s).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Text(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
