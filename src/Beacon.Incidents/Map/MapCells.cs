using Beacon.Platform.Modules;

namespace Beacon.Incidents.Map;

/// <summary>
/// The grid the map's incident layer reads by (decision 0019, "Grid cells"): the earth in cells of half a degree, an
/// incident with coordinates stored with its cell (<see cref="Incidents.Incident.MapCell"/>), so a box is a list of cells
/// read from an index instead of every incident of the period checked against the box.
/// </summary>
public static class MapCells
{
    /// <summary>Cells per degree.</summary>
    public const int PerDegree = 2;

    /// <summary>
    /// The most cells one query lists (a box about 15° by 15°). A box with more covers so much of the region that
    /// walking the period newest first finds its incidents sooner than a list of cells would.
    /// </summary>
    public const int MaxListed = 900;

    /// <summary>The cell of a point; the same arithmetic as the migration's backfill (truncation of a positive value).</summary>
    public static int Of(double latitude, double longitude) =>
        (int)((latitude + 90) * PerDegree) * 1000 + (int)((longitude + 180) * PerDegree);

    /// <summary>
    /// Every cell a point of <paramref name="box"/> can be stored with, or null when there are more than
    /// <see cref="MaxListed"/>. One cell of margin on each side, so a rounding of the stored value either way is covered;
    /// the query still checks the coordinates against the box.
    /// </summary>
    public static IReadOnlyList<int>? Covering(BoundingBox box)
    {
        var (south, west, north, east) = Corners(box);
        if (north < south || east < west || (long)(north - south + 1) * (east - west + 1) > MaxListed)
        {
            return null;
        }

        var cells = new List<int>((north - south + 1) * (east - west + 1));
        for (var row = south; row <= north; row++)
        {
            for (var column = west; column <= east; column++)
            {
                cells.Add(row * 1000 + column);
            }
        }

        return cells;
    }

    /// <summary>
    /// The lowest and highest cell a point of <paramref name="box"/> can be stored with (the same margin as
    /// <see cref="Covering"/>): every cell between is in the box's rows, so the range is a superset of the box that an
    /// index led by the cell reads as one stretch, however large the box.
    /// </summary>
    public static (int First, int Last) Range(BoundingBox box)
    {
        var (south, west, north, east) = Corners(box);
        return (south * 1000 + west, north * 1000 + east);
    }

    private static (int South, int West, int North, int East) Corners(BoundingBox box) => (
        Math.Max(0, (int)((Math.Max(box.South, -90) + 90) * PerDegree) - 1),
        Math.Max(0, (int)((Math.Max(box.West, -180) + 180) * PerDegree) - 1),
        Math.Min(180 * PerDegree, (int)((Math.Min(box.North, 90) + 90) * PerDegree) + 1),
        Math.Min(360 * PerDegree, (int)((Math.Min(box.East, 180) + 180) * PerDegree) + 1));
}
