namespace Kappa.Views.Spatial;

/// <summary>
/// A closed box: a point is inside when <c>Min[d] ≤ point[d] ≤ Max[d]</c> in every dimension,
/// compared exactly as doubles (edges included; -0 equals 0). Bounds may be infinite.
/// </summary>
public sealed class SpatialBox
{
    /// <summary>A box from its lower and upper corners.</summary>
    /// <exception cref="ArgumentException">The corners differ in dimension, have fewer than 2, hold NaN, or a minimum exceeds its maximum (a box across the antimeridian is two boxes).</exception>
    public SpatialBox(IReadOnlyList<double> min, IReadOnlyList<double> max)
    {
        ArgumentNullException.ThrowIfNull(min);
        ArgumentNullException.ThrowIfNull(max);
        if (min.Count != max.Count || min.Count < 2)
            throw new ArgumentException($"A box needs two corners of the same dimension, 2 or more (got {min.Count} and {max.Count}).", nameof(max));
        for (var d = 0; d < min.Count; d++)
        {
            if (double.IsNaN(min[d]) || double.IsNaN(max[d])) throw new ArgumentException($"Box bound {d} is NaN.", nameof(min));
            if (min[d] > max[d])
                throw new ArgumentException($"Box minimum {min[d]} exceeds maximum {max[d]} in dimension {d}; a box across the antimeridian is two queries.", nameof(min));
        }
        Min = [.. min];
        Max = [.. max];
    }

    /// <summary>The lower corner.</summary>
    public IReadOnlyList<double> Min { get; }

    /// <summary>The upper corner.</summary>
    public IReadOnlyList<double> Max { get; }

    /// <summary>The number of dimensions.</summary>
    public int Dimensions => Min.Count;

    /// <summary>
    /// unordered-materialized-bkd's bbox: every minimum, then every maximum — in 2D
    /// <c>[minX, minY, maxX, maxY]</c>, that is <c>[west, south, east, north]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">An odd count, or as the constructor.</exception>
    public static SpatialBox FromBbox(params IReadOnlyList<double> bbox)
    {
        ArgumentNullException.ThrowIfNull(bbox);
        if (bbox.Count % 2 != 0) throw new ArgumentException("A bbox lists every minimum, then every maximum: an even count.", nameof(bbox));
        var dims = bbox.Count / 2;
        return new SpatialBox([.. bbox.Take(dims)], [.. bbox.Skip(dims)]);
    }

    /// <summary>Whether <paramref name="point"/> (of this box's dimension) is inside, edges included.</summary>
    public bool Contains(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Count != Dimensions) return false;
        for (var d = 0; d < Dimensions; d++)
            if (!(point[d] >= Min[d] && point[d] <= Max[d])) return false;
        return true;
    }
}
