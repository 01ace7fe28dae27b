using Kappa.Swarm;

namespace Kappa.Server.Api;

/// <summary>The swarm the server shows, if it was started with one.</summary>
internal sealed record SwarmAccess(KappaSwarm? Swarm);
