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

    /// <summary>
    /// The rows and columns of the cells lying wholly inside <paramref name="box"/>, with a margin (<see cref="Margin"/>) for the
    /// rounding of <see cref="Of"/>: every point stored with one of them is in the box, whatever its coordinates. Null when none.
    /// </summary>
    public static (int South, int West, int North, int East)? Inside(BoundingBox box)
    {
        var south = (int)Math.Ceiling((box.South + 90 + Margin) * PerDegree);
        var west = (int)Math.Ceiling((box.West + 180 + Margin) * PerDegree);
        var north = (int)Math.Floor((box.North + 90 - Margin) * PerDegree) - 1;
        var east = (int)Math.Floor((box.East + 180 - Margin) * PerDegree) - 1;
        return north >= south && east >= west ? (south, west, north, east) : null;
    }

    /// <summary>
    /// The cells a point of <paramref name="box"/> can be stored with (as <see cref="Covering"/>, any number of them) that are
    /// not <paramref name="inside"/> it: the box's ring of cells it cuts through.
    /// </summary>
    public static List<int> Ring(BoundingBox box, (int South, int West, int North, int East) inside)
    {
        var (south, west, north, east) = Corners(box);
        var cells = new List<int>();
        for (var row = south; row <= north; row++)
        {
            for (var column = west; column <= east; column++)
            {
                if (row < inside.South || row > inside.North || column < inside.West || column > inside.East)
                {
                    cells.Add(row * 1000 + column);
                }
            }
        }

        return cells;
    }

    /// <summary>Far more than the rounding of <see cref="Of"/> can move a point across a cell's edge (about 1e-13°).</summary>
    private const double Margin = 1e-9;

    private static (int South, int West, int North, int East) Corners(BoundingBox box) => (
        Math.Max(0, (int)((Math.Max(box.South, -90) + 90) * PerDegree) - 1),
        Math.Max(0, (int)((Math.Max(box.West, -180) + 180) * PerDegree) - 1),
        Math.Min(180 * PerDegree, (int)((Math.Min(box.North, 90) + 90) * PerDegree) + 1),
        Math.Min(360 * PerDegree, (int)((Math.Min(box.East, 180) + 180) * PerDegree) + 1));
}
