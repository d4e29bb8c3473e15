using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Map;

/// <summary>
/// Incidents on the one map: at their coordinates when the report gave them, otherwise on their county; coloured by
/// level (<c>I</c>–<c>IV</c>, <c>closed</c> once the final report is in). The caller's scope only.
/// </summary>
internal sealed class IncidentsLayer(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree) : IMapLayer
{
    public string Key => "incidents";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.IncidentsResource), "Map.Layer.Incidents");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId)
            .Where(i => i.OccurredAt >= from && i.OccurredAt < to && !i.IsDrill)
            .Where(i => i.Latitude == null || i.Longitude == null
                || (i.Longitude >= box.West && i.Longitude <= box.East && i.Latitude >= box.South && i.Latitude <= box.North))
            .OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(Math.Clamp(take, 1, 10_000))
            .Select(i => new { i.Id, i.Number, i.Title, i.Latitude, i.Longitude, i.LocationJurisdictionId, i.Severity, i.Status, i.OccurredAt })
            .ToListAsync(ct);
        return [.. rows.Select(i => new MapFeature(i.Id, $"{i.Number} {i.Title}", i.Longitude, i.Latitude,
            divisions.Find(i.LocationJurisdictionId)?.Code, i.Status == IncidentStatus.Closed ? "closed" : i.Severity.ToString(),
            $"incidents/{i.Id}", i.OccurredAt))];
    }
}
