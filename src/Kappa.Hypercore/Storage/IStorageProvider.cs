namespace Kappa.Hypercore.Storage;

/// <summary>
/// Opens the named files of one feed (<c>key</c>, <c>secret_key</c>, <c>tree</c>, <c>data</c>,
/// <c>bitfield</c>, <c>signatures</c>, and multifeed's <c>localname</c>) — the role of
/// hypercore's storage function.
/// </summary>
public interface IStorageProvider
{
    /// <summary>Opens (without creating) the file called <paramref name="name"/>; it appears on first write.</summary>
    IRandomAccessStorage Open(string name);
}
