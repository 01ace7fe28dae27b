namespace Kappa.Views.Spatial;

/// <summary>A current point found by a box query: the version id and its exact coordinates.</summary>
/// <param name="Id">The row's id (for the default map, <c>"&lt;feed hex&gt;@&lt;seq&gt;"</c>).</param>
/// <param name="Coordinates">The point as indexed, bit for bit (except -0, which reads as 0).</param>
public sealed record SpatialPoint(string Id, IReadOnlyList<double> Coordinates);
