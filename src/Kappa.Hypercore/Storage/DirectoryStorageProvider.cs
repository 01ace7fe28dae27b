namespace Kappa.Hypercore.Storage;

/// <summary>Files of one feed inside a directory (<c>&lt;dir&gt;/tree</c>, <c>&lt;dir&gt;/data</c>, …), as random-access-file lays them out.</summary>
public sealed class DirectoryStorageProvider : IStorageProvider
{
    /// <summary>Provider for the feed directory <paramref name="directory"/> (created on first write).</summary>
    public DirectoryStorageProvider(string directory) => Directory = directory;

    /// <summary>The feed's directory.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public IRandomAccessStorage Open(string name) => new FileStorage(Path.Combine(Directory, name));
}
