namespace Kappa.Server.Api;

/// <summary>Where an appended value was stored.</summary>
/// <param name="Key">The writer's feed key.</param>
/// <param name="Seq">The new entry's position in that feed.</param>
public sealed record AppendedEntry(string Key, long Seq);
