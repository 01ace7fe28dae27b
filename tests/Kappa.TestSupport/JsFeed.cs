namespace Kappa.TestSupport;

/// <summary>One feed as kappa-js.js reports it (dump/feeds lines, replicate's done/stopped list).</summary>
/// <param name="Key">Public key, lower-case hex.</param>
/// <param name="Length">hypercore length (entries known to exist).</param>
/// <param name="Downloaded">Entries held locally, of <paramref name="Length"/>.</param>
/// <param name="Writable">True for a local writer (the store has its secret key).</param>
/// <param name="Name">multifeed name: the writer name, or the directory number for a feed learned from a peer.</param>
public sealed record JsFeed(string Key, long Length, long Downloaded, bool Writable, string Name);
