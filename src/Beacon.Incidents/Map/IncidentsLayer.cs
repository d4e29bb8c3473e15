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
internal sealed class IncidentsLayer(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, IEnumerable<IDivisionGeometry> geometry) : IMapLayer
{
    public string Key => "incidents";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.IncidentsResource), "Map.Layer.Incidents");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var limit = Math.Clamp(take, 1, 10_000);
        await using var db = dbs.CreateDbContext();
        var period = db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId)
            .Where(i => i.OccurredAt >= from && i.OccurredAt < to && !i.IsDrill);

        // Two reads without an OR (decision 0019): the incidents with coordinates in the box, and those known only by their
        // county (coordinates come together) whose county's centroid, where the map stands them, is in the box. One query
        // with an OR returned the newest county-only incidents of the whole region first, which crowded out the box's own.
        // Both reads take only ids and times (from the indexes where they can); the rows are read once, for what is shown.
        var located = await LocatedAsync(period, box, limit, ct);
        var unplacedQuery = period.Where(i => i.Longitude == null);
        if (geometry.FirstOrDefault() is { } places)
        {
            var inBox = divisions.Nodes.Where(n => places.Find(n.Code) is { } p && box.Contains(p.Longitude, p.Latitude)).Select(n => n.Id).ToList();
            unplacedQuery = unplacedQuery.Where(i => inBox.Contains(i.LocationJurisdictionId));
        }

        var unplaced = await Keys(unplacedQuery, limit).ToListAsync(ct);
        var shown = located.Concat(unplaced).OrderByDescending(k => k.OccurredAt).ThenBy(k => k.Id).Take(limit).Select(k => k.Id).ToList();
        if (shown.Count == 0)
        {
            return [];
        }

        var rows = await Newest(db.Set<Incident>().AsNoTracking().Where(i => shown.Contains(i.Id)), limit).ToListAsync(ct);
        return [.. rows.Select(i => new MapFeature(i.Id, $"{i.Number} {i.Title}", i.Longitude, i.Latitude,
                divisions.Find(i.LocationJurisdictionId)?.Code, i.Status == IncidentStatus.Closed ? "closed" : i.Severity.ToString(),
                $"incidents/{i.Id}", i.OccurredAt))];
    }

    /// <summary>
    /// The ids of the incidents with coordinates in the box, newest first. A box of at most <see cref="MapCells.MaxListed"/>
    /// grid cells reads only its cells' index entries (coordinates and id are in them); a larger one walks the period
    /// newest first, where most entries fall in the box and the walk stops early.
    /// </summary>
    private static async Task<List<Entry>> LocatedAsync(IQueryable<Incident> period, BoundingBox box, int limit, CancellationToken ct)
    {
        var inBox = period.Where(i => i.Longitude >= box.West && i.Longitude <= box.East && i.Latitude >= box.South && i.Latitude <= box.North);
        if (MapCells.Covering(box) is { } cells)
        {
            var listed = cells.Select(c => (int?)c).ToArray();
            inBox = inBox.Where(i => listed.Contains(i.MapCell));
        }

        return await Keys(inBox, limit).ToListAsync(ct);
    }

    private static IQueryable<Entry> Keys(IQueryable<Incident> incidents, int limit) =>
        incidents.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(limit).Select(i => new Entry(i.Id, i.OccurredAt));

    private static IQueryable<Row> Newest(IQueryable<Incident> incidents, int limit) =>
        incidents.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(limit)
            .Select(i => new Row(i.Id, i.Number, i.Title, i.Latitude, i.Longitude, i.LocationJurisdictionId, i.Severity, i.Status, i.OccurredAt));

    private sealed record Entry(Guid Id, DateTimeOffset OccurredAt);

    private sealed record Row(Guid Id, string Number, string Title, double? Latitude, double? Longitude, Guid LocationJurisdictionId,
        Severity Severity, IncidentStatus Status, DateTimeOffset OccurredAt);
}
