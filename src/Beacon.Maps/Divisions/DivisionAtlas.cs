using System.Text.Json;
using Beacon.Platform.Modules;

namespace Beacon.Maps.Divisions;

/// <summary>
/// The bundled boundaries of the 116 divisions (the region, 12 leagues and cities, 103 counties), read from the module's
/// GeoJSON resource on first use, never at start-up. Simplified shapes (docs/maps.md), good for drawing and for
/// finding a county, not for survey.
/// </summary>
internal sealed class DivisionAtlas : IDivisionGeometry
{
    private const string ResourceName = "Beacon.Maps.Divisions.divisions.geojson";
    private readonly Lazy<IReadOnlyDictionary<string, DivisionShape>> _shapes = new(Load);

    public IReadOnlyDictionary<string, DivisionShape> Shapes => _shapes.Value;

    public DivisionPlace? Find(string code) =>
        Shapes.TryGetValue(code, out var s) ? new DivisionPlace(s.Code, s.Name, s.Centroid.Longitude, s.Centroid.Latitude, s.Box) : null;

    public string? Locate(double longitude, double latitude) =>
        Shapes.Values.FirstOrDefault(s => s.Level == "county" && s.Box.Contains(longitude, latitude) && s.Contains(longitude, latitude))?.Code;

    private static Dictionary<string, DivisionShape> Load()
    {
        using var stream = typeof(DivisionAtlas).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded.");
        using var doc = JsonDocument.Parse(stream);
        var shapes = new Dictionary<string, DivisionShape>(StringComparer.Ordinal);
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var p = feature.GetProperty("properties");
            var centroid = p.GetProperty("centroid");
            var box = p.GetProperty("bbox");
            var polygons = feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
                .Select(polygon => (IReadOnlyList<Ring>)[.. polygon.EnumerateArray().Select(ring =>
                    new Ring([.. ring.EnumerateArray().Select(pt => (pt[0].GetDouble(), pt[1].GetDouble()))]))])
                .ToList();
            var code = p.GetProperty("code").GetString()!;
            shapes[code] = new DivisionShape(
                code,
                p.GetProperty("name").GetString()!,
                p.GetProperty("level").GetString()!,
                p.GetProperty("parent").ValueKind == JsonValueKind.String ? p.GetProperty("parent").GetString() : null,
                (centroid[0].GetDouble(), centroid[1].GetDouble()),
                new BoundingBox(box[0].GetDouble(), box[1].GetDouble(), box[2].GetDouble(), box[3].GetDouble()),
                polygons);
        }

        return shapes;
    }
}

/// <summary>One closed ring of longitude/latitude points (first point repeated last).</summary>
internal sealed record Ring(IReadOnlyList<(double Longitude, double Latitude)> Points)
{
    /// <summary>Even-odd test of the point against the ring.</summary>
    public bool Contains(double x, double y)
    {
        var inside = false;
        for (int i = 0, j = Points.Count - 1; i < Points.Count; j = i++)
        {
            var (xi, yi) = Points[i];
            var (xj, yj) = Points[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }
}

/// <summary>A division's shape: polygons (outer ring, then holes), its centroid and box.</summary>
internal sealed record DivisionShape(
    string Code,
    string Name,
    string Level,
    string? ParentCode,
    (double Longitude, double Latitude) Centroid,
    BoundingBox Box,
    IReadOnlyList<IReadOnlyList<Ring>> Polygons)
{
    public bool Contains(double longitude, double latitude) =>
        Polygons.Any(p => p[0].Contains(longitude, latitude) && !p.Skip(1).Any(h => h.Contains(longitude, latitude)));

    /// <summary>Distance in degrees from the point to the nearest edge of the shape (0 when inside).</summary>
    public double DistanceOutside(double longitude, double latitude)
    {
        if (Contains(longitude, latitude))
        {
            return 0;
        }

        var best = double.MaxValue;
        foreach (var ring in Polygons.SelectMany(p => p))
        {
            for (var i = 0; i < ring.Points.Count - 1; i++)
            {
                best = Math.Min(best, Segment(ring.Points[i], ring.Points[i + 1], (longitude, latitude)));
            }
        }

        return best;
    }

    private static double Segment((double X, double Y) a, (double X, double Y) b, (double X, double Y) p)
    {
        var dx = b.X - a.X;
        var dy = b.Y - a.Y;
        var len = (dx * dx) + (dy * dy);
        var t = len == 0 ? 0 : Math.Clamp((((p.X - a.X) * dx) + ((p.Y - a.Y) * dy)) / len, 0, 1);
        var x = a.X + (t * dx) - p.X;
        var y = a.Y + (t * dy) - p.Y;
        return Math.Sqrt((x * x) + (y * y));
    }
}
