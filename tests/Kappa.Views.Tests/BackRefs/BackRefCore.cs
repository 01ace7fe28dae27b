using Kappa.Core;
using Kappa.Core.Stores;
using Kappa.TestSupport;
using Kappa.Views.BackRefs;

namespace Kappa.Views.Tests.BackRefs;

/// <summary>A core in a temp directory with a back-references view named "refs" (RocksDB when a directory is given).</summary>
internal sealed class BackRefCore : IAsyncDisposable
{
    private readonly TempDirectory? _dir;
    private readonly IViewStore _db;

    private BackRefCore(TempDirectory? dir, KappaCore core, IViewStore db, BackRefsView refs)
    {
        _dir = dir;
        Core = core;
        _db = db;
        Refs = refs;
    }

    public KappaCore Core { get; }
    public BackRefsView Refs { get; }

    public static async Task<BackRefCore> OpenAsync(string? path = null, int version = 1, BackRefMap? map = null)
    {
        var dir = path is null ? new TempDirectory("backrefs") : null;
        var core = await KappaCore.OpenAsync(path ?? dir!.Path);
        IViewStore db = path is null ? new MemoryViewStore() : RocksDbViewStore.Open(core.ViewDirectory("refs")!);
        return new BackRefCore(dir, core, db, core.Use("refs", version, new BackRefsView(db, map)));
    }

    public async ValueTask DisposeAsync()
    {
        await Core.DisposeAsync();
        await _db.DisposeAsync();
        _dir?.Dispose();
    }
}
