namespace Kappa.Server.Api;

/// <summary>One feed of the store, as <c>kappa feeds</c> prints it.</summary>
/// <param name="Key">The feed's public key, 64 hex characters.</param>
/// <param name="Length">Entries in the feed (some may not be downloaded yet for a feed learned from a peer).</param>
/// <param name="Writable">True for a local writer.</param>
/// <param name="Name">The multifeed name: the writer's name, or the directory number of a feed learned from a peer.</param>
public sealed record FeedInfo(string Key, long Length, bool Writable, string Name);
