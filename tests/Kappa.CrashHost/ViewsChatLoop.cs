using Kappa.Chat;

namespace Kappa.CrashHost;

/// <summary>
/// Opens the store as a cabal (its messages and state views on RocksDB under .kappa/views, as
/// <c>kappa chat</c> keeps them), printing "done" when both caught up. The chat crash test kills it mid-index.
/// </summary>
internal static class ViewsChatLoop
{
    public static async Task<int> RunAsync(string dir)
    {
        await using var cabal = await Cabal.OpenAsync(dir);
        Console.WriteLine("started");
        Console.Out.Flush();
        await cabal.ReadyAsync();
        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }
}
