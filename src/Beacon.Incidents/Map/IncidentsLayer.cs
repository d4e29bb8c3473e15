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
        var period = Period(db, scope, from, to);

        // Two reads without an OR (decision 0019): the incidents with coordinates in the box, and those known only by their
        // county (coordinates come together) whose county's centroid, where the map stands them, is in the box. One query
        // with an OR returned the newest county-only incidents of the whole region first, which crowded out the box's own.
        // Both reads take only ids and times (from the indexes where they can); the rows are read once, for what is shown.
        var located = await LocatedAsync(period, box, limit, ct);
        var unplaced = await Keys(Unplaced(period, box, divisions), limit).ToListAsync(ct);
        var shown = located.Concat(unplaced).OrderByDescending(k => k.OccurredAt).ThenBy(k => k.Id).Take(limit).Select(k => k.Id).ToList();
        if (shown.Count == 0)
        {
            return [];
        }

        var rows = await Newest(db.Set<Incident>().AsNoTracking().Where(i => shown.Contains(i.Id)), limit).ToListAsync(ct);
        return [.. rows.Select(i => new MapFeature(i.Id, $"{i.Number} {i.Title}", i.Longitude, i.Latitude,
                divisions.Find(i.LocationJurisdictionId)?.Code, ColourKey(i.Status, i.Severity),
                $"incidents/{i.Id}", i.OccurredAt))];
    }

    /// <summary>
    /// More than <paramref name="above"/> incidents in the box: all of them counted by half-degree grid cell (those with
    /// coordinates, at the mean of their points) and by county (those known only by their county, at its centroid), with
    /// their level mix, from the indexes alone (decision 0019, "Clusters for large boxes"). Two counts that stop at
    /// <paramref name="above"/> + 1 decide first, so a box that fits pays only for them.
    /// </summary>
    public async Task<IReadOnlyList<MapCluster>?> ClusterAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int above, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var period = Period(db, scope, from, to);
        var located = InCells(InBox(period, box), box, rangeBeyondList: true);
        var unplaced = Unplaced(period, box, divisions);
        var many = await located.Select(i => i.Id).Take(above + 1).CountAsync(ct);
        if (many <= above)
        {
            many += await unplaced.Select(i => i.Id).Take(above + 1 - many).CountAsync(ct);
        }

        if (many <= above)
        {
            return null;
        }

        var cells = await located.GroupBy(i => i.MapCell).Select(g => new Tally(
                g.Count(), g.Average(i => i.Longitude), g.Average(i => i.Latitude), g.Min(i => i.Longitude), g.Min(i => i.Latitude),
                g.Max(i => i.Longitude), g.Max(i => i.Latitude), g.Count(i => i.Status == IncidentStatus.Closed),
                g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.I), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.II),
                g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.III), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.IV)))
            .ToListAsync(ct);
        var counties = await unplaced.GroupBy(i => i.LocationJurisdictionId).Select(g => new
        {
            County = g.Key,
            Tally = new Tally(
                g.Count(), null, null, null, null, null, null, g.Count(i => i.Status == IncidentStatus.Closed),
                g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.I), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.II),
                g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.III), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.IV))
        })
            .ToListAsync(ct);
        return [.. cells.Select(t => new MapCluster(t.Longitude, t.Latitude, null, t.Count,
                new BoundingBox(t.West ?? 0, t.South ?? 0, t.East ?? 0, t.North ?? 0), t.Mix())),
            .. counties.Select(c => new MapCluster(null, null, divisions.Find(c.County)?.Code, c.Tally.Count, null, c.Tally.Mix()))];
    }

    private static string ColourKey(IncidentStatus status, Severity severity) => status == IncidentStatus.Closed ? "closed" : severity.ToString();

    private static IQueryable<Incident> Period(BeaconDb db, DataScope scope, DateTimeOffset from, DateTimeOffset to) =>
        db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId)
            .Where(i => i.OccurredAt >= from && i.OccurredAt < to && !i.IsDrill);

    private static IQueryable<Incident> InBox(IQueryable<Incident> period, BoundingBox box) =>
        period.Where(i => i.Longitude >= box.West && i.Longitude <= box.East && i.Latitude >= box.South && i.Latitude <= box.North);

    /// <summary>
    /// The box's grid cells as an index condition: the list of cells when there are at most <see cref="MapCells.MaxListed"/>;
    /// beyond, with <paramref name="rangeBeyondList"/>, the range of cells from its south-west to its north-east one (whole
    /// rows of cells: a superset, for a read that must see every entry of the box anyway), otherwise none.
    /// </summary>
    private static IQueryable<Incident> InCells(IQueryable<Incident> inBox, BoundingBox box, bool rangeBeyondList)
    {
        if (MapCells.Covering(box) is { } cells)
        {
            var listed = cells.Select(c => (int?)c).ToArray();
            return inBox.Where(i => listed.Contains(i.MapCell));
        }

        if (!rangeBeyondList)
        {
            return inBox;
        }

        var (first, last) = MapCells.Range(box);
        return inBox.Where(i => i.MapCell >= first && i.MapCell <= last);
    }

    /// <summary>Those known only by their county whose county's centroid (where the map stands them) is in the box.</summary>
    private IQueryable<Incident> Unplaced(IQueryable<Incident> period, BoundingBox box, JurisdictionTree.Snapshot divisions)
    {
        var unplaced = period.Where(i => i.Longitude == null);
        if (geometry.FirstOrDefault() is { } places)
        {
            var inBox = divisions.Nodes.Where(n => places.Find(n.Code) is { } p && box.Contains(p.Longitude, p.Latitude)).Select(n => n.Id).ToList();
            unplaced = unplaced.Where(i => inBox.Contains(i.LocationJurisdictionId));
        }

        return unplaced;
    }

    /// <summary>
    /// The ids of the incidents with coordinates in the box, newest first. A box of at most <see cref="MapCells.MaxListed"/>
    /// grid cells reads only its cells' index entries (coordinates and id are in them); a larger one walks the period
    /// newest first, where most entries fall in the box and the walk stops early.
    /// </summary>
    private static async Task<List<Entry>> LocatedAsync(IQueryable<Incident> period, BoundingBox box, int limit, CancellationToken ct)
    {
        return await Keys(InCells(InBox(period, box), box, rangeBeyondList: false), limit).ToListAsync(ct);
    }

    private static IQueryable<Entry> Keys(IQueryable<Incident> incidents, int limit) =>
        incidents.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(limit).Select(i => new Entry(i.Id, i.OccurredAt));

    private static IQueryable<Row> Newest(IQueryable<Incident> incidents, int limit) =>
        incidents.OrderByDescending(i => i.OccurredAt).ThenBy(i => i.Id).Take(limit)
            .Select(i => new Row(i.Id, i.Number, i.Title, i.Latitude, i.Longitude, i.LocationJurisdictionId, i.Severity, i.Status, i.OccurredAt));

    /// <summary>One cluster's count, place, extent and level mix as the database adds them up.</summary>
    private sealed record Tally(int Count, double? Longitude, double? Latitude, double? West, double? South, double? East, double? North,
        int Closed, int I, int II, int III, int IV)
    {
        public Dictionary<string, int> Mix()
        {
            var mix = new Dictionary<string, int>(StringComparer.Ordinal);
            Add(mix, "I", I);
            Add(mix, "II", II);
            Add(mix, "III", III);
            Add(mix, "IV", IV);
            Add(mix, nameof(Severity.NotAssessed), Count - Closed - I - II - III - IV);
            Add(mix, "closed", Closed);
            return mix;
        }

        private static void Add(Dictionary<string, int> mix, string key, int count)
        {
            if (count > 0)
            {
                mix[key] = count;
            }
        }
    }

    private sealed record Entry(Guid Id, DateTimeOffset OccurredAt);

    private sealed record Row(Guid Id, string Number, string Title, double? Latitude, double? Longitude, Guid LocationJurisdictionId,
        Severity Severity, IncidentStatus Status, DateTimeOffset OccurredAt);
}
