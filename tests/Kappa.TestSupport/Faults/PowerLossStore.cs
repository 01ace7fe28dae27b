using Kappa.Hypercore.Storage;
using Kappa.Multifeed.Store;

namespace Kappa.TestSupport.Faults;

/// <summary>
/// RAM storage that models a disk cache: writes since a file's last Flush are volatile. On
/// <see cref="Crash"/> (a power loss) each volatile write is dropped, applied whole, or torn at a
/// random byte, in a random order — then only the durable image remains. Thread-safe.
/// </summary>
public sealed class PowerLossStore : IStoreStorage
{
    private readonly Dictionary<string, PowerLossFile> _files = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _writesUntilPowerCut = long.MaxValue;

    /// <summary>After <paramref name="writes"/> more writes the power goes: every later write fails (call <see cref="Crash"/> next).</summary>
    public void CutPowerAfter(long writes) => Interlocked.Exchange(ref _writesUntilPowerCut, writes);

    /// <summary>Whether the armed power cut has happened.</summary>
    public bool PowerCut => Interlocked.Read(ref _writesUntilPowerCut) < 0;

    internal void BeforeWrite(string name)
    {
        if (Interlocked.Decrement(ref _writesUntilPowerCut) < 0)
            throw new StorageException(StorageException.IoCode, name, "power lost (simulated)");
    }

    /// <inheritdoc />
    public string? Directory => null;

    /// <inheritdoc />
    public IStorageProvider Feed(string name) => new Provider(this, name);

    /// <summary>Cuts the power: volatile writes survive only in part, chosen by <paramref name="seed"/>.</summary>
    public void Crash(int seed)
    {
        Interlocked.Exchange(ref _writesUntilPowerCut, long.MaxValue);
        var random = new Random(seed);
        lock (_gate)
            foreach (var file in _files.Values.OrderBy(f => f.Name, StringComparer.Ordinal)) file.Crash(random);
    }

    /// <summary>Writes not yet flushed, across all files (for tests that want to know a crash can lose something).</summary>
    public int VolatileWrites
    {
        get { lock (_gate) return _files.Values.Sum(f => f.VolatileCount); }
    }

    private PowerLossFile File(string name)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(name, out var f)) _files[name] = f = new PowerLossFile(name, this);
            return f;
        }
    }

    private sealed class Provider(PowerLossStore store, string dir) : IStorageProvider
    {
        public IRandomAccessStorage Open(string name) => store.File(dir + "/" + name);
    }
}
