using Kappa.Hypercore.Storage;

namespace Kappa.Multifeed.Store;

/// <summary>Where a store keeps its feed directories (<c>0/</c>, <c>1/</c>, …): a real directory or RAM.</summary>
public interface IStoreStorage
{
    /// <summary>The files of feed directory <paramref name="name"/>.</summary>
    IStorageProvider Feed(string name);

    /// <summary>The real directory, or null for RAM (then the store keeps no files of its own).</summary>
    string? Directory { get; }
}

/// <summary>Feed directories under a real directory, as multifeed over random-access-file lays them out.</summary>
public sealed class DirectoryStoreStorage(string directory) : IStoreStorage
{
    /// <inheritdoc />
    public string? Directory { get; } = Path.GetFullPath(directory);

    /// <inheritdoc />
    public IStorageProvider Feed(string name) => new DirectoryStorageProvider(Path.Combine(Directory!, name));
}

/// <summary>Feed directories in memory (tests, throwaway stores); reopening the same instance sees the same feeds.</summary>
public sealed class RamStoreStorage : IStoreStorage
{
    private readonly RamStorageProvider _root = new();

    /// <inheritdoc />
    public string? Directory => null;

    /// <inheritdoc />
    public IStorageProvider Feed(string name) => _root.Sub(name);
}
