using Kappa.Multifeed.Store;

namespace Kappa.Cli.Commands;

/// <summary>The id a store sends in Cabal's <c>peer-id</c>: its writer <c>local</c>'s key, as cabal-core (<c>getLocalKey</c>).</summary>
internal static class CabalIdentity
{
    /// <summary>The hex key of the writer named <c>local</c>, or null when the store has none.</summary>
    public static string? LocalKey(FeedStore store)
    {
        foreach (var (name, feed) in store.NamedFeeds)
            if (name == Kappa.Chat.Cabal.LocalWriter && feed.Writable) return feed.Key.ToString();
        return null;
    }
}
