using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Resources.Registry;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Resources.Map;

/// <summary>
/// Emergency resources on the one map: one point per resource the caller may read (own scope and those offered for
/// sharing), coloured by kind (<c>Warehouse</c>, <c>RescueTeam</c>, <c>Expert</c>, <c>ServiceProvider</c>, <c>Shelter</c>),
/// linking to the resource's page. Resources are standing places, so the time window does not filter them.
/// </summary>
internal sealed class ResourcesLayer(BeaconDbFactory dbs, ScopeService scopes) : IMapLayer
{
    public string Key => "resources";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.ResourcesResource), "Map.Layer.Resources");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await ResourcesHandler.Visible(db, scope)
            .Where(r => r.Longitude >= box.West && r.Longitude <= box.East && r.Latitude >= box.South && r.Latitude <= box.North)
            .OrderBy(r => r.Kind).ThenBy(r => r.Id).Take(Math.Clamp(take, 1, 10_000))
            .Select(r => new { r.Id, r.Name, r.Longitude, r.Latitude, r.Kind, r.CreatedAt }).ToListAsync(ct);
        return [.. rows.Select(r => new MapFeature(r.Id, r.Name, r.Longitude, r.Latitude, null, r.Kind.ToString(), $"resources/{r.Id}", r.CreatedAt))];
    }
}
