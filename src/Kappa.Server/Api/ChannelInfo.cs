namespace Kappa.Server.Api;

/// <summary>One channel of the cabal.</summary>
/// <param name="Name">The channel's name.</param>
/// <param name="Topic">Its topic (null if none was set).</param>
/// <param name="Members">How many writers joined it and did not leave.</param>
public sealed record ChannelInfo(string Name, string? Topic, int Members);
