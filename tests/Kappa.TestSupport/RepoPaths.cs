namespace Kappa.TestSupport;

/// <summary>Where the repository, ../shared and the JS interop folder are, found from the test binary.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root (the folder with Kappa.slnx).</summary>
    public static string Repository => Root.Value;

    /// <summary>../shared beside the repository (override with KAPPA_SHARED).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("KAPPA_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Repository, "..", "shared"));

    /// <summary>../shared/vectors.</summary>
    public static string Vectors => Path.Combine(Shared, "vectors");

    /// <summary>tests/interop: the JS reference peers and their node_modules.</summary>
    public static string Interop => Path.Combine(Repository, "tests", "interop");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Kappa.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Kappa.slnx not found above " + AppContext.BaseDirectory);
    }
}
