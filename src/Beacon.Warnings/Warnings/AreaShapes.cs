using System.Globalization;

namespace Beacon.Warnings.Warnings;

/// <summary>CAP shapes: a polygon is <c>lat,lon</c> pairs separated by spaces, at least four, first = last; a circle is <c>lat,lon radiusKm</c>.</summary>
public static class AreaShapes
{
    /// <summary>Null when <paramref name="polygon"/> is a valid CAP polygon, else the refusal's code (<see cref="WarningErrors"/>) and reason.</summary>
    public static (string Code, string Reason)? CheckPolygon(string polygon)
    {
        var points = polygon.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (points.Length < 4)
        {
            return (WarningErrors.PolygonPoints, "a polygon needs at least 4 lat,lon points (the first repeated at the end)");
        }

        foreach (var point in points)
        {
            if (!TryPoint(point, out _, out _))
            {
                return (WarningErrors.PolygonPoint, $"'{point}' is not a lat,lon point (latitude −90..90, longitude −180..180)");
            }
        }

        return points[0] == points[^1] ? null : (WarningErrors.PolygonClosed, "the first and last points of a polygon must be the same");
    }

    /// <summary>Null when <paramref name="circle"/> is a valid CAP circle, else the refusal's code and reason.</summary>
    public static (string Code, string Reason)? CheckCircle(string circle)
    {
        var parts = circle.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && TryPoint(parts[0], out _, out _)
            && decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) && radius > 0
            ? null
            : (WarningErrors.Circle, "a circle is 'lat,lon radiusKm' with a positive radius");
    }

    private static bool TryPoint(string text, out decimal lat, out decimal lon)
    {
        lat = lon = 0;
        var parts = text.Split(',');
        return parts.Length == 2
            && decimal.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out lat)
            && decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out lon)
            && lat is >= -90 and <= 90 && lon is >= -180 and <= 180;
    }
}
