using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Maps.Layers;

/// <summary>
/// The duty rooms (值班室) on the one map: every active unit of kind <see cref="UnitKind.DutyRoom"/> in the caller's scope,
/// standing at its jurisdiction's centroid (units have no recorded coordinates yet), titled with its name and duty phone,
/// linking to the directory (通讯录). Standing places, so the period does not filter them.
/// </summary>
internal sealed class DutyRoomsLayer(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree) : IMapLayer
{
    public const string LayerKey = "duty-rooms";

    public string Key => LayerKey;

    public (Type Resources, string TitleKey) Title => (typeof(Localization.MapsResource), "Map.Layer.DutyRooms");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId)
            .Where(u => u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).ThenBy(u => u.Id)
            .Select(u => new { u.Id, u.Name, u.DutyPhone, u.JurisdictionId, u.CreatedAt })
            .ToListAsync(ct);
        var features = new List<MapFeature>();
        foreach (var u in rows)
        {
            if (divisions.Find(u.JurisdictionId)?.Code is not { } code)
            {
                continue;
            }

            features.Add(new MapFeature(u.Id, u.DutyPhone is { Length: > 0 } phone ? $"{u.Name} · {phone}" : u.Name, null, null, code, "DutyRoom", "directory", u.CreatedAt));
            if (features.Count >= Math.Clamp(take, 1, 10_000))
            {
                break;
            }
        }

        return features;
    }
}
