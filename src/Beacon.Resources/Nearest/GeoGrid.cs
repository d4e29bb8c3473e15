namespace Beacon.Resources.Nearest;

/// <summary>
/// A fixed grid of 0.1° cells over the earth (about 11 km north–south, 8–9 km east–west in Inner Mongolia). A cell's
/// number is <c>row × 3600 + column</c>, so one row of cells is one contiguous range of numbers: a square of cells is a
/// list of ranges, which both SQLite and PostgreSQL answer from an ordinary index on the column.
/// </summary>
public static class GeoGrid
{
    public const double CellDegrees = 0.1;
    public const int Columns = 3600;
    public const int Rows = 1800;
    public const double EarthRadiusKm = 6371.0088;

    public static int RowOf(double latitude) => Math.Clamp((int)Math.Floor((latitude + 90) / CellDegrees), 0, Rows - 1);

    public static int ColumnOf(double longitude) => Math.Clamp((int)Math.Floor((longitude + 180) / CellDegrees), 0, Columns - 1);

    public static long CellOf(double latitude, double longitude) => (long)RowOf(latitude) * Columns + ColumnOf(longitude);

    /// <summary>Great-circle distance in km (haversine).</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = ToRadians(lat2 - lat1);
        var dLon = ToRadians(lon2 - lon1);
        var h = Hav(dLat) + Math.Cos(ToRadians(lat1)) * Math.Cos(ToRadians(lat2)) * Hav(dLon);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
    }

    /// <summary>
    /// A lower bound of the distance from (lat, lon) to any point outside the square of cells rows
    /// [<paramref name="rowMin"/>, <paramref name="rowMax"/>] × columns [<paramref name="colMin"/>, <paramref name="colMax"/>]:
    /// whatever lies outside is at least this far, so once the k-th nearest found inside is nearer, the search is done.
    /// </summary>
    public static double DistanceOutsideKm(double lat, double lon, int rowMin, int rowMax, int colMin, int colMax)
    {
        var south = rowMin * CellDegrees - 90;
        var north = (rowMax + 1) * CellDegrees - 90;
        var west = colMin * CellDegrees - 180;
        var east = (colMax + 1) * CellDegrees - 180;
        var bound = double.PositiveInfinity;
        if (rowMin > 0)
        {
            bound = Math.Min(bound, ToRadians(lat - south) * EarthRadiusKm);
        }

        if (rowMax < Rows - 1)
        {
            bound = Math.Min(bound, ToRadians(north - lat) * EarthRadiusKm);
        }

        if (colMin > 0 || colMax < Columns - 1)
        {
            // Points beyond the east or west edge but within the square's latitudes: haversine with the smaller cosine.
            var maxAbsLat = Math.Max(Math.Abs(south), Math.Abs(north));
            var dLon = Math.Min(colMin > 0 ? lon - west : double.PositiveInfinity, colMax < Columns - 1 ? east - lon : double.PositiveInfinity);
            var h = Math.Cos(ToRadians(lat)) * Math.Cos(ToRadians(Math.Min(maxAbsLat, 90))) * Hav(ToRadians(dLon));
            bound = Math.Min(bound, 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1))));
        }

        return Math.Max(0, bound);
    }

    /// <summary>
    /// A lower bound of the distance from (lat, lon) to any point of cell (<paramref name="row"/>, <paramref name="col"/>):
    /// the larger of the north–south gap (along a meridian, exact) and the east–west gap at the cell's latitude farthest
    /// from the equator (as in <see cref="DistanceOutsideKm"/>), shrunk by a hair against rounding. A cell whose bound
    /// is beyond the k-th nearest found cannot hold anything nearer, so it is not read.
    /// </summary>
    public static double CellLowerBoundKm(double lat, double lon, int row, int col)
    {
        var south = row * CellDegrees - 90;
        var north = south + CellDegrees;
        var west = col * CellDegrees - 180;
        var east = west + CellDegrees;
        var dLat = lat < south ? south - lat : lat > north ? lat - north : 0;
        var dLon = lon < west ? west - lon : lon > east ? lon - east : 0;
        var latBound = ToRadians(dLat) * EarthRadiusKm;
        var maxAbsLat = Math.Min(90, Math.Max(Math.Abs(south), Math.Abs(north)));
        var h = Math.Cos(ToRadians(lat)) * Math.Cos(ToRadians(maxAbsLat)) * Hav(ToRadians(dLon));
        var lonBound = 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(Math.Clamp(h, 0, 1)));
        return Math.Max(latBound, lonBound) * (1 - 1e-9);
    }

    /// <summary>
    /// The cells of the square of half-width <paramref name="outer"/> around (row, col), outside the square of half-width
    /// <paramref name="inner"/> (already read), whose <see cref="CellLowerBoundKm"/> is within <paramref name="withinKm"/>,
    /// as ranges of consecutive cells of one row.
    /// </summary>
    public static List<(long From, long To)> CellsWithin(double lat, double lon, int row, int col, int inner, int outer, double withinKm)
    {
        var ranges = new List<(long, long)>();
        for (var r = Math.Max(0, row - outer); r <= Math.Min(Rows - 1, row + outer); r++)
        {
            var baseCell = (long)r * Columns;
            long? from = null;
            long to = 0;
            for (var c = Math.Max(0, col - outer); c <= Math.Min(Columns - 1, col + outer); c++)
            {
                var take = (Math.Abs(r - row) > inner || Math.Abs(c - col) > inner) && CellLowerBoundKm(lat, lon, r, c) <= withinKm;
                if (take)
                {
                    from ??= baseCell + c;
                    to = baseCell + c;
                }
                else if (from is { } f)
                {
                    ranges.Add((f, to));
                    from = null;
                }
            }

            if (from is { } last)
            {
                ranges.Add((last, to));
            }
        }

        return ranges;
    }

    /// <summary>
    /// The cell ranges of the ring between the square of half-width <paramref name="inner"/> (already read; -1 for none)
    /// and that of half-width <paramref name="outer"/> around (row, col): whole rows above and below, two pieces beside.
    /// </summary>
    public static List<(long From, long To)> Ring(int row, int col, int inner, int outer)
    {
        var ranges = new List<(long, long)>();
        var cMin = Math.Max(0, col - outer);
        var cMax = Math.Min(Columns - 1, col + outer);
        for (var r = Math.Max(0, row - outer); r <= Math.Min(Rows - 1, row + outer); r++)
        {
            var baseCell = (long)r * Columns;
            if (inner < 0 || Math.Abs(r - row) > inner)
            {
                ranges.Add((baseCell + cMin, baseCell + cMax));
                continue;
            }

            var innerMin = col - inner;
            var innerMax = col + inner;
            if (cMin < innerMin)
            {
                ranges.Add((baseCell + cMin, baseCell + Math.Min(cMax, innerMin - 1)));
            }

            if (cMax > innerMax)
            {
                ranges.Add((baseCell + Math.Max(cMin, innerMax + 1), baseCell + cMax));
            }
        }

        return ranges;
    }

    private static double Hav(double x) => Math.Sin(x / 2) * Math.Sin(x / 2);

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
