using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Beacon.Warnings.Dissemination;

/// <summary>
/// The shapes of a warning's areas (CAP <c>polygon</c> and <c>circle</c>) as geometry: a recipient's point is inside
/// when a polygon covers it (boundary included; NetTopologySuite prepared polygons, whose point locator is an interval
/// index over the edges) or when it lies within a circle's radius on the sphere. Coordinates are WGS 84 degrees.
/// </summary>
public sealed class AreaGeometry
{
    /// <summary>The mean Earth radius used for circles (km).</summary>
    public const double EarthRadiusKm = 6371.0088;

    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    private readonly List<(IPreparedGeometry Polygon, Envelope Box)> _polygons = [];
    private readonly List<(double Lat, double Lon, double RadiusKm, Envelope Box)> _circles = [];

    private AreaGeometry()
    {
    }

    /// <summary>True when there is no shape: the areas select by division code only.</summary>
    public bool IsEmpty => _polygons.Count == 0 && _circles.Count == 0;

    /// <summary>The bounding boxes of the shapes (x = longitude, y = latitude), one per shape, for an indexed pre-selection.</summary>
    public IEnumerable<Envelope> Boxes => _polygons.Select(p => p.Box).Concat(_circles.Select(c => c.Box));

    /// <summary>The shapes of the given CAP polygons (<c>lat,lon</c> pairs) and circles (<c>lat,lon radiusKm</c>); shapes that do not parse are left out.</summary>
    public static AreaGeometry Of(IEnumerable<string?> polygons, IEnumerable<string?> circles)
    {
        var g = new AreaGeometry();
        foreach (var text in polygons.OfType<string>())
        {
            if (Polygon(text) is { } polygon)
            {
                g._polygons.Add((PreparedGeometryFactory.Prepare(polygon), polygon.EnvelopeInternal));
            }
        }

        foreach (var text in circles.OfType<string>())
        {
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && Point(parts[0]) is { } centre && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) && radius > 0)
            {
                g._circles.Add((centre.Y, centre.X, radius, CircleBox(centre.Y, centre.X, radius)));
            }
        }

        return g;
    }

    /// <summary>Whether the point (<paramref name="lat"/>, <paramref name="lon"/>) lies in any of the shapes.</summary>
    public bool Contains(double lat, double lon)
    {
        foreach (var (polygon, box) in _polygons)
        {
            if (box.Contains(lon, lat) && polygon.Covers(Factory.CreatePoint(new Coordinate(lon, lat))))
            {
                return true;
            }
        }

        foreach (var (cLat, cLon, radius, box) in _circles)
        {
            if (box.Contains(lon, lat) && DistanceKm(cLat, cLon, lat, lon) <= radius)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Great-circle distance (haversine) in kilometres.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static Polygon? Polygon(string text)
    {
        var points = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Point).ToList();
        if (points.Count < 4 || points.Any(p => p is null))
        {
            return null;
        }

        var ring = points.Select(p => p!).ToList();
        if (!ring[0].Equals2D(ring[^1]))
        {
            ring.Add(ring[0].Copy());
        }

        var polygon = Factory.CreatePolygon([.. ring]);
        // A self-intersecting ring (a bow tie) is repaired rather than refused: the area it encloses is what counts.
        return polygon.IsValid ? polygon : NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(polygon) as Polygon;
    }

    private static Coordinate? Point(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && lat is >= -90 and <= 90 && lon is >= -180 and <= 180
            ? new Coordinate(lon, lat)
            : null;
    }

    private static Envelope CircleBox(double lat, double lon, double radiusKm)
    {
        // A little wider than the circle (the exact longitude span is asin(sin d / cos lat), slightly over d / cos lat).
        var dLat = radiusKm / EarthRadiusKm * 180 / Math.PI * 1.01;
        var cos = Math.Cos(Math.Min(89.9, Math.Abs(lat) + dLat) * Math.PI / 180);
        var dLon = Math.Min(180, dLat / cos);
        return new Envelope(lon - dLon, lon + dLon, Math.Max(-90, lat - dLat), Math.Min(90, lat + dLat));
    }
}
