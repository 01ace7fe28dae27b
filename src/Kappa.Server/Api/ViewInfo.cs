using Kappa.Core.Views;

namespace Kappa.Server.Api;

/// <summary>A view's state and progress.</summary>
/// <param name="Name">The view's name.</param>
/// <param name="Version">The view's version.</param>
/// <param name="State"><c>indexing</c>, <c>idle</c>, <c>paused</c> or <c>faulted</c>.</param>
/// <param name="Indexed">Entries indexed so far.</param>
/// <param name="Total">Entries stored locally across all feeds.</param>
/// <param name="Error">Why the view is faulted, if it is.</param>
public sealed record ViewInfo(string Name, int Version, string State, long Indexed, long Total, string? Error)
{
    internal static ViewInfo From(ViewStatus s) =>
        new(s.Name, s.Version, s.State.ToString().ToLowerInvariant(), s.IndexedEntries, s.TotalEntries, s.Error?.Message);
}
