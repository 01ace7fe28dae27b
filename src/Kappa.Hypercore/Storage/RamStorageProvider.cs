using System.Collections.Concurrent;

namespace Kappa.Hypercore.Storage;

/// <summary>An in-memory directory of files: reopening a name returns the same bytes, like a directory on disk would.</summary>
public sealed class RamStorageProvider : IStorageProvider
{
    private readonly ConcurrentDictionary<string, RamStorage> _files = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IRandomAccessStorage Open(string name) => _files.GetOrAdd(name, n => new RamStorage(n));

    /// <summary>A provider for the sub-directory <paramref name="prefix"/> sharing this one's files.</summary>
    public IStorageProvider Sub(string prefix) => new Prefixed(this, prefix);

    private sealed class Prefixed(RamStorageProvider root, string prefix) : IStorageProvider
    {
        public IRandomAccessStorage Open(string name) => root.Open(prefix + "/" + name);
    }
}
