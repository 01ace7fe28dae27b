using Kappa.TestSupport;

namespace Kappa.Packaging.Tests;

/// <summary>
/// The repository packed once for the test classes of <see cref="PackedRepositoryTests"/> (<c>dotnet pack Kappa.slnx -c Release -o FEED</c>, as the
/// README says) into a temporary folder, with its own build output (<c>--artifacts-path</c>) so the
/// test never touches the bin/obj folders other tests run from. Restores by the consumers use a
/// temporary NUGET_PACKAGES, so nothing packed here reaches the user's package cache; all is deleted after.
/// </summary>
public sealed class PackedRepository : IAsyncLifetime
{
    private readonly TempDirectory _root = new("pack");

    /// <summary>The folder the packages were written to (a local NuGet source).</summary>
    public string Feed => _root.Combine("feed");

    /// <summary>A fresh directory inside the temporary root.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(_root.Combine(name)).FullName;

    /// <summary>The environment a consumer runs with: a private package cache.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = _root.Combine("nuget-packages"),
    };

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public CliResult Pack { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Pack = await DotnetCli.RunAsync(RepoPaths.Repository, new Dictionary<string, string>(),
            "pack", "Kappa.slnx", "-c", "Release", "-o", Feed, "--artifacts-path", _root.Combine("artifacts"));
        Assert.True(Pack.ExitCode == 0, Pack.ToString());
    }

    /// <summary>
    /// A nuget.config for a consumer: Kappa.* only from the packed folder (package source mapping),
    /// everything else from the machine's package cache when it has it, else from NuGet.
    /// </summary>
    public string WriteNuGetConfig(string directory)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cacheSource = Directory.Exists(cache) ? $"""<add key="cache" value="{cache}" />""" : "";
        var cacheMapping = Directory.Exists(cache) ? """<packageSource key="cache"><package pattern="*" /></packageSource>""" : "";
        var path = Path.Combine(directory, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kappa" value="{Feed}" />
                {cacheSource}
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="kappa"><package pattern="Kappa.*" /></packageSource>
                {cacheMapping}
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }
}
