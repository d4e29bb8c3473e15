using System.Globalization;

namespace Beacon.Warnings.Warnings;

/// <summary>One warning as the map draws it: its level's colour, a label, and its areas.</summary>
public sealed record MapWarning(string Level, string Label, IReadOnlyList<WarningAreaView> Areas);

/// <summary>
/// The map frame: Web Mercator (the projection of every common tile server) at an integer zoom that fits the areas,
/// so shapes drawn here line up with tiles when <c>Beacon:Warnings:TileUrl</c> is set. Coordinates are SVG units of
/// a fixed <see cref="Width"/> × <see cref="Height"/> view.
/// </summary>
/// <remarks>
/// Jurisdiction outlines are not in Beacon's data yet: the jurisdiction table holds GB/T 2260 codes and names only.
/// They would come from the national administrative boundary data set (国家基础地理信息数据库 1:100 万 行政区划, or the
/// 天地图 administrative division service), loaded once into a geometry column of the jurisdictions (NetTopologySuite)
/// and drawn here as polygons. Until then a warning area given only by its division code is drawn as a labelled
/// marker at the seat of its prefecture (盟市驻地), which places it correctly at the map's scale of the region.
/// </remarks>
public sealed class MapFrame
{
    public const double Width = 900;
    public const double Height = 540;

    // Seats of Inner Mongolia's prefectures (盟市政府驻地), lon/lat: where a division without an outline is marked.
    private static readonly Dictionary<string, (double Lon, double Lat)> Seats = new(StringComparer.Ordinal)
    {
        ["1501"] = (111.75, 40.84),
        ["1502"] = (109.84, 40.66),
        ["1503"] = (106.79, 39.66),
        ["1504"] = (118.89, 42.26),
        ["1505"] = (122.24, 43.65),
        ["1506"] = (109.78, 39.61),
        ["1507"] = (119.77, 49.21),
        ["1508"] = (107.39, 40.74),
        ["1509"] = (113.13, 40.99),
        ["1522"] = (122.04, 46.08),
        ["1525"] = (116.05, 43.93),
        ["1529"] = (105.73, 38.85),
    };

    // The region's extent, shown when nothing is active.
    private static readonly (double MinLon, double MinLat, double MaxLon, double MaxLat) Region = (97.2, 37.4, 126.1, 53.3);

    private readonly double _x0;
    private readonly double _y0;

    private MapFrame(int zoom, double centreX, double centreY)
    {
        Zoom = zoom;
        _x0 = centreX - (Width / 2);
        _y0 = centreY - (Height / 2);
    }

    public int Zoom { get; }

    /// <summary>A frame around every shape and marker of <paramref name="warnings"/>, or the region when there is none.</summary>
    public static MapFrame Fit(IEnumerable<MapWarning> warnings)
    {
        var points = new List<(double Lon, double Lat)>();
        foreach (var area in warnings.SelectMany(w => w.Areas))
        {
            if (area.Polygon is { } polygon)
            {
                points.AddRange(Polygon(polygon));
            }

            if (area.Circle is { } circle && Circle(circle) is { } c)
            {
                var dLat = c.RadiusKm / 111.0;
                var dLon = c.RadiusKm / (111.0 * Math.Max(0.1, Math.Cos(c.Lat * Math.PI / 180)));
                points.Add((c.Lon - dLon, c.Lat - dLat));
                points.Add((c.Lon + dLon, c.Lat + dLat));
            }

            if (area.Polygon is null && area.Circle is null && Seat(area.DivisionCode) is { } seat)
            {
                points.Add(seat);
            }
        }

        var (minLon, minLat, maxLon, maxLat) = points.Count == 0
            ? Region
            : (points.Min(p => p.Lon), points.Min(p => p.Lat), points.Max(p => p.Lon), points.Max(p => p.Lat));
        var padLon = Math.Max(0.4, (maxLon - minLon) * 0.15);
        var padLat = Math.Max(0.25, (maxLat - minLat) * 0.15);
        (minLon, maxLon, minLat, maxLat) = (minLon - padLon, maxLon + padLon, Math.Max(-84, minLat - padLat), Math.Min(84, maxLat + padLat));
        var zoom = 1;
        for (var z = 12; z >= 1; z--)
        {
            if (X(maxLon, z) - X(minLon, z) <= Width && Y(minLat, z) - Y(maxLat, z) <= Height)
            {
                zoom = z;
                break;
            }
        }

        return new MapFrame(zoom, (X(minLon, zoom) + X(maxLon, zoom)) / 2, (Y(minLat, zoom) + Y(maxLat, zoom)) / 2);
    }

    public (double X, double Y) Project(double lon, double lat) => (X(lon, Zoom) - _x0, Y(lat, Zoom) - _y0);

    /// <summary>SVG <c>points</c> of a CAP polygon (<c>lat,lon</c> pairs).</summary>
    public string Points(string polygon) =>
        string.Join(' ', Polygon(polygon).Select(p => Project(p.Lon, p.Lat)).Select(p => $"{F(p.X)},{F(p.Y)}"));

    /// <summary>Centre and radius in SVG units of a CAP circle (<c>lat,lon radiusKm</c>).</summary>
    public (double X, double Y, double R)? Disc(string circle)
    {
        if (Circle(circle) is not { } c)
        {
            return null;
        }

        var (x, y) = Project(c.Lon, c.Lat);
        var metresPerUnit = 40_075_016.686 * Math.Cos(c.Lat * Math.PI / 180) / (256 * Math.Pow(2, Zoom));
        return (x, y, Math.Max(3, c.RadiusKm * 1000 / metresPerUnit));
    }

    /// <summary>Where a division without an outline is marked (its prefecture's seat), or null outside the region.</summary>
    public (double X, double Y)? Marker(string? divisionCode) => Seat(divisionCode) is { } s ? Project(s.Lon, s.Lat) : null;

    /// <summary>Lines of longitude and latitude across the view, at a step that suits the zoom, with their labels.</summary>
    public IEnumerable<(bool Vertical, double At, string Label)> Graticule()
    {
        var step = Zoom switch { <= 4 => 5.0, <= 6 => 2.0, <= 8 => 0.5, <= 10 => 0.1, _ => 0.05 };
        var (west, north) = Unproject(0, 0);
        var (east, south) = Unproject(Width, Height);
        for (var lon = Math.Ceiling(west / step) * step; lon <= east; lon += step)
        {
            yield return (true, Project(lon, 0).X, $"{F(lon)}°E");
        }

        for (var lat = Math.Ceiling(south / step) * step; lat <= north; lat += step)
        {
            yield return (false, Project(0, lat).Y, $"{F(lat)}°N");
        }
    }

    /// <summary>The tiles covering the view, for a URL template with <c>{z}</c>, <c>{x}</c> and <c>{y}</c>.</summary>
    public IEnumerable<(string Url, double X, double Y)> Tiles(string template)
    {
        var max = (1 << Zoom) - 1;
        for (var tx = Math.Max(0, (int)Math.Floor(_x0 / 256)); tx <= Math.Min(max, (int)Math.Floor((_x0 + Width) / 256)); tx++)
        {
            for (var ty = Math.Max(0, (int)Math.Floor(_y0 / 256)); ty <= Math.Min(max, (int)Math.Floor((_y0 + Height) / 256)); ty++)
            {
                var url = template.Replace("{z}", Zoom.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{x}", tx.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{y}", ty.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                yield return (url, (tx * 256) - _x0, (ty * 256) - _y0);
            }
        }
    }

    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    private (double Lon, double Lat) Unproject(double x, double y)
    {
        var size = 256 * Math.Pow(2, Zoom);
        var lon = ((x + _x0) / size * 360) - 180;
        var lat = Math.Atan(Math.Sinh(Math.PI * (1 - (2 * (y + _y0) / size)))) * 180 / Math.PI;
        return (lon, lat);
    }

    private static (double Lon, double Lat)? Seat(string? divisionCode) =>
        divisionCode is { Length: >= 4 } code && Seats.TryGetValue(code[..4], out var seat) ? seat : null;

    private static double X(double lon, int zoom) => (lon + 180) / 360 * 256 * Math.Pow(2, zoom);

    private static double Y(double lat, int zoom)
    {
        var s = Math.Sin(lat * Math.PI / 180);
        return (0.5 - (Math.Log((1 + s) / (1 - s)) / (4 * Math.PI))) * 256 * Math.Pow(2, zoom);
    }

    private static IEnumerable<(double Lon, double Lat)> Polygon(string polygon)
    {
        foreach (var pair in polygon.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(',');
            if (parts.Length == 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
            {
                yield return (lon, lat);
            }
        }
    }

    private static (double Lon, double Lat, double RadiusKm)? Circle(string circle)
    {
        var parts = circle.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || Polygon(parts[0]).ToList() is not [var centre]
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius))
        {
            return null;
        }

        return (centre.Lon, centre.Lat, radius);
    }
}
