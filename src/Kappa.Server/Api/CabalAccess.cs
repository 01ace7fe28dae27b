using Kappa.Chat;

namespace Kappa.Server.Api;

/// <summary>The cabal the store is served as, if it is one (the chat endpoints and <c>chat</c> events need it).</summary>
internal sealed record CabalAccess(Cabal? Cabal);
