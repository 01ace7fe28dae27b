using System.Reflection;
using Kappa.TestSupport;

namespace Kappa.Packaging.Tests;

/// <summary>An example under examples/, run from its own build output as <c>dotnet run</c> would.</summary>
internal static class ExampleProgram
{
    private static string Configuration =>
        typeof(ExampleProgram).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Runs examples/<paramref name="name"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static Task<CliResult> RunAsync(string name, string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(RepoPaths.Repository, "examples", name, "bin", Configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built (the test project references the example, so building the tests builds it)");
        return DotnetCli.RunAsync(workingDirectory, new Dictionary<string, string>(), [dll, .. args]);
    }
}
