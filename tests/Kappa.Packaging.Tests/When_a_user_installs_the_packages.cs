using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Kappa.TestSupport;

namespace Kappa.Packaging.Tests;

/// <summary>
/// A user on a fresh machine: installs the tool from the packed folder (the ReadyToRun package on
/// linux-x64) and runs <c>kappa demo</c>;
/// creates a console project, adds Kappa.Core from the folder and runs the README's library example.
/// </summary>
[Collection(PackedRepositoryTests.Name)]
public sealed partial class When_a_user_installs_the_packages(PackedRepository packed)
{
    [Fact]
    public async Task The_tool_installs_into_a_tool_path_and_its_demo_peers_agree()
    {
        var work = packed.NewDirectory("tool-user");
        // Only the packed folder as a source (the command's --add-source), like a machine with no Kappa.* anywhere else.
        File.WriteAllText(Path.Combine(work, "nuget.config"),
            """<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /></packageSources></configuration>""");
        var tools = Path.Combine(work, "tools");
        var install = await DotnetCli.RunAsync(work, packed.ConsumerEnvironment,
            "tool", "install", "Kappa.Cli", "--tool-path", tools, "--add-source", packed.Feed);
        Assert.True(install.ExitCode == 0, install.ToString());

        // The SDK picks the tool package for the machine's RID: on linux-x64 the ReadyToRun one
        // (its apphost, precompiled kappa.dll); elsewhere the portable IL package.
        var entry = new FileInfo(Path.Combine(tools, "kappa")).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        Assert.NotNull(entry);
        var installed = Path.GetDirectoryName(entry)!;
        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            Assert.EndsWith("kappa.cli.linux-x64/1.0.0/tools/net10.0/linux-x64", installed, StringComparison.Ordinal);
            Assert.True(ReadyToRunCode.IsIn(Path.Combine(installed, "kappa.dll")), "the installed kappa.dll has no ReadyToRun code");
            Assert.True(ReadyToRunCode.IsIn(Path.Combine(installed, "Kappa.Core.dll")), "the installed Kappa.Core.dll has no ReadyToRun code");
        }
        else
            Assert.Contains("kappa.cli.any", installed, StringComparison.Ordinal);

        var version = await DotnetCli.RunFileAsync(Path.Combine(tools, "kappa"), work, packed.ConsumerEnvironment, "--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith("1.0.0", version.Stdout.Trim(), StringComparison.Ordinal);

        var demo = await DotnetCli.RunFileAsync(Path.Combine(tools, "kappa"), work, packed.ConsumerEnvironment,
            "demo", "--store", Path.Combine(work, "demo"));
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Matches(@"alice's sum: 9\s+bob's sum: 9\s+they agree", demo.Stdout);
    }

    [Fact]
    public async Task A_fresh_console_project_with_Kappa_Core_runs_the_README_library_example()
    {
        var app = packed.NewDirectory("library-user");
        packed.WriteNuGetConfig(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ReadmeLibraryExample());

        var add = await DotnetCli.RunAsync(app, packed.ConsumerEnvironment, "add", "package", "Kappa.Core");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Include=\"Kappa.Core\" Version=\"1.0.0\"", File.ReadAllText(Path.Combine(app, "App.csproj")));

        var run = await DotnetCli.RunAsync(app, packed.ConsumerEnvironment, "run");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("6", run.Stdout.Trim());
        // Restored from the packed folder into the private cache, not from anywhere else.
        Assert.True(File.Exists(Path.Combine(packed.ConsumerEnvironment["NUGET_PACKAGES"], "kappa.core", "1.0.0", "kappa.core.1.0.0.nupkg")));
    }

    /// <summary>The first C# block under "## The library" in README.md, verbatim.</summary>
    private static string ReadmeLibraryExample()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Repository, "README.md"));
        var section = readme[readme.IndexOf("\n## The library", StringComparison.Ordinal)..];
        return CSharpBlock().Match(section).Groups[1].Value;
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
