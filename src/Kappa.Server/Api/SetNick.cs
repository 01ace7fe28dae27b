namespace Kappa.Server.Api;

/// <summary>The body of <c>PUT /api/chat/nick</c>.</summary>
/// <param name="Name">The nick (1 to 100 characters, not only white space, no control characters).</param>
public sealed record SetNick(string Name);
