using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Risks.Hazards;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Risks.Map;

/// <summary>
/// Hazards on the one map at their representative point, coloured by risk level (<c>Major</c> red, <c>Considerable</c>
/// orange, <c>General</c> yellow, <c>Low</c> blue, <c>Unassessed</c> grey). Hazards are standing places, not events: every
/// hazard in force in the box is shown whatever the time window. The caller's scope only.
/// </summary>
internal sealed class RisksLayer(BeaconDbFactory dbs, ScopeService scopes) : IMapLayer
{
    public string Key => "risks";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.RisksResource), "Map.Layer.Risks");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<Hazard>().AsNoTracking().InScope(scope, h => h.JurisdictionId)
            .Where(h => h.Status != HazardStatus.Closed && h.CreatedAt < to)
            .Where(h => h.Longitude >= box.West && h.Longitude <= box.East && h.Latitude >= box.South && h.Latitude <= box.North)
            .OrderByDescending(h => h.Level).ThenBy(h => h.Id).Take(Math.Clamp(take, 1, 10_000))
            .Select(h => new { h.Id, h.Name, h.Longitude, h.Latitude, h.Level, h.CreatedAt, h.AssessedAt })
            .ToListAsync(ct);
        return [.. rows.Select(h => new MapFeature(h.Id, h.Name, h.Longitude, h.Latitude, null, h.Level?.ToString() ?? "Unassessed",
            $"risks/hazards/{h.Id}", h.AssessedAt ?? h.CreatedAt))];
    }
}
