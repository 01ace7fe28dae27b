namespace Kappa.Server.Api;

/// <summary>The cabal a server serves.</summary>
/// <param name="Key">The cabal key, <c>cabal://</c> and 64 hex characters (give it to peers).</param>
/// <param name="Local">Our writer's feed key in hex: our identity in the cabal.</param>
/// <param name="Nick">Our nick (null until one is set).</param>
public sealed record ChatInfo(string Key, string Local, string? Nick);
