using System.Text;
using Beacon.Platform.Data;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Dissemination;

/// <summary>One recipient a warning's areas select, with the channels it can be reached by.</summary>
internal readonly record struct Target(Guid Id, bool Sms, bool Email, bool Webhook)
{
    public bool Has(WarningChannel channel) => channel switch
    {
        WarningChannel.Sms => Sms,
        WarningChannel.Email => Email,
        _ => Webhook,
    };
}

/// <summary>
/// Who a warning's areas select (decision 0016): by division code, the active recipients with an area of interest
/// that intersects one of the warning's codes (<see cref="AreaCodes"/>); by shape, the active recipients whose point
/// lies in one of the warning's polygons or circles (<see cref="AreaGeometry"/>). The shapes pre-select on the
/// indexed latitude and longitude of recipients (one range per shape's bounding box), then test each point exactly.
/// </summary>
internal static class Targeting
{
    /// <summary>The prefixes of the warning's division codes.</summary>
    public static List<string> Prefixes(IEnumerable<WarningArea> areas) =>
        [.. areas.Where(a => a.DivisionCode is { Length: > 0 }).Select(a => AreaCodes.Prefix(a.DivisionCode!)).Distinct()];

    /// <summary>The shapes of the warning's areas.</summary>
    public static AreaGeometry Shapes(IEnumerable<WarningArea> areas)
    {
        var list = areas.ToList();
        return AreaGeometry.Of(list.Select(a => a.Polygon), list.Select(a => a.Circle));
    }

    /// <summary>
    /// The SQL condition on a recipient area <c>a</c> matching <paramref name="prefixes"/>: codes above (containing)
    /// by equality, codes below by a range after the prefix and before the next one (digits only on both sides, so
    /// any collation orders them alike and the index on Prefix serves the range).
    /// </summary>
    public static string AreaCondition(SqlParts sql, System.Data.Common.DbCommand cmd, IReadOnlyList<string> prefixes)
    {
        var area = new StringBuilder();
        var containing = prefixes.SelectMany(AreaCodes.Containing).Distinct().Select(p => sql.Add(cmd, p)).ToList();
        area.Append(containing.Count == 0 ? "1 = 0" : $"a.\"Prefix\" IN ({string.Join(", ", containing)})");
        foreach (var p in prefixes)
        {
            area.Append(System.Globalization.CultureInfo.InvariantCulture, $" OR (a.\"Prefix\" > {sql.Add(cmd, p)}");
            area.Append(AreaCodes.Next(p) is { } next ? $" AND a.\"Prefix\" < {sql.Add(cmd, next)})" : ")");
        }

        return area.ToString();
    }

    /// <summary>The active recipients with a point inside <paramref name="shapes"/> (in the context's current transaction, if any).</summary>
    public static async Task<List<Target>> InsideAsync(BeaconDb db, AreaGeometry shapes, CancellationToken ct)
    {
        var found = new Dictionary<Guid, Target>();
        foreach (var box in shapes.Boxes)
        {
            var candidates = await db.Set<Recipient>().AsNoTracking()
                .Where(r => r.IsActive && r.Latitude >= box.MinY && r.Latitude <= box.MaxY && r.Longitude >= box.MinX && r.Longitude <= box.MaxX)
                .Select(r => new { r.Id, r.Latitude, r.Longitude, Sms = r.Phone != null, Email = r.Email != null, Webhook = r.WebhookUrl != null })
                .ToListAsync(ct);
            foreach (var c in candidates)
            {
                if (!found.ContainsKey(c.Id) && shapes.Contains(c.Latitude!.Value, c.Longitude!.Value))
                {
                    found[c.Id] = new Target(c.Id, c.Sms, c.Email, c.Webhook);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>The active recipients the division codes select.</summary>
    public static async Task<List<Target>> ByCodeAsync(BeaconDb db, IReadOnlyList<string> prefixes, CancellationToken ct)
    {
        if (prefixes.Count == 0)
        {
            return [];
        }

        var containing = prefixes.SelectMany(AreaCodes.Containing).Distinct().ToList();
        var found = new Dictionary<Guid, Target>();
        var queries = new List<IQueryable<Recipient>>
        {
            db.Set<Recipient>().Where(r => r.Areas.Any(a => containing.Contains(a.Prefix))),
        };
        foreach (var p in prefixes)
        {
            // Codes below: after the prefix and before the next prefix of its length (as in AreaCondition).
            // EF translates string.Compare to the SQL operators; it never runs in .NET, so no culture is involved.
            var next = AreaCodes.Next(p);
#pragma warning disable CA1309, CA1310
            queries.Add(next is null
                ? db.Set<Recipient>().Where(r => r.Areas.Any(a => string.Compare(a.Prefix, p) > 0))
                : db.Set<Recipient>().Where(r => r.Areas.Any(a => string.Compare(a.Prefix, p) > 0 && string.Compare(a.Prefix, next) < 0)));
#pragma warning restore CA1309, CA1310
        }

        foreach (var query in queries)
        {
            var rows = await query.AsNoTracking().Where(r => r.IsActive)
                .Select(r => new Target(r.Id, r.Phone != null, r.Email != null, r.WebhookUrl != null)).ToListAsync(ct);
            foreach (var t in rows)
            {
                found.TryAdd(t.Id, t);
            }
        }

        return [.. found.Values];
    }
}
