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
        var unplaced = await Keys(Unplaced(period, CountiesIn(box, divisions)), limit).ToListAsync(ct);
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
    /// their level mix (decision 0019, "Clusters for large boxes"). The box's whole cells over the period's whole UTC days
    /// are read from the totals kept per cell and day (<see cref="IncidentMapTotal"/>, "Totals per cell and day"); the
    /// cells the box cuts through and the partial days at the period's ends are counted exactly from the indexes. When the
    /// totals alone do not hold more than <paramref name="above"/>, two counts that stop at <paramref name="above"/> + 1
    /// decide, and the box is counted from the indexes alone.
    /// </summary>
    public async Task<IReadOnlyList<MapCluster>?> ClusterAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int above, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var counties = CountiesIn(box, divisions);
        var firstDay = IncidentMapTotal.DayOf(from) == from ? from : IncidentMapTotal.DayOf(from).AddDays(1);
        var endDay = IncidentMapTotal.DayOf(to);
        var inside = MapCells.Inside(box);
        var ring = inside is { } rect ? MapCells.Ring(box, rect).Select(c => (int?)c).ToList() : null;
        var clusters = new Clusters();
        if (firstDay < endDay && inside is { } cells && ring!.Count <= MapCells.MaxListed * 4)
        {
            var totals = db.Set<IncidentMapTotal>().AsNoTracking().Where(t => t.Day >= firstDay && t.Day < endDay);
            totals = scope.IsEverything ? totals.Where(t => t.OriginJurisdictionId == IncidentMapTotal.Everyone) : totals.InScope(scope, t => t.OriginJurisdictionId);
            var (first, last) = (cells.South * 1000 + cells.West, cells.North * 1000 + cells.East);
            clusters.Add(await totals.Where(t => t.Cell >= first && t.Cell <= last && t.Cell % 1000 >= cells.West && t.Cell % 1000 <= cells.East)
                .GroupBy(t => t.Cell).Select(g => new Tally(g.Key, null, g.Sum(t => t.Count), g.Sum(t => t.SumLongitude), g.Sum(t => t.SumLatitude),
                    g.Min(t => t.West), g.Min(t => t.South), g.Max(t => t.East), g.Max(t => t.North),
                    g.Sum(t => t.Closed), g.Sum(t => t.I), g.Sum(t => t.II), g.Sum(t => t.III), g.Sum(t => t.IV)))
                .ToListAsync(ct));
            var unplaced = totals.Where(t => t.Cell == IncidentMapTotal.NoCell);
            if (counties is not null)
            {
                unplaced = unplaced.Where(t => counties.Contains(t.LocationJurisdictionId));
            }

            clusters.Add(await unplaced.GroupBy(t => t.LocationJurisdictionId).Select(g => new Tally(null, g.Key, g.Sum(t => t.Count), null, null,
                    null, null, null, null, g.Sum(t => t.Closed), g.Sum(t => t.I), g.Sum(t => t.II), g.Sum(t => t.III), g.Sum(t => t.IV)))
                .ToListAsync(ct));
            if (clusters.Count > above)
            {
                // The rest exactly: the ring of cells the box cuts through over the whole days, every cell at the period's ends.
                var wholeDays = Period(db, scope, firstDay, endDay);
                clusters.Add(await ByCell(InBox(wholeDays, box).Where(i => ring.Contains(i.MapCell))).ToListAsync(ct));
                foreach (var (start, end) in new[] { (from, firstDay), (endDay, to) })
                {
                    if (start < end)
                    {
                        var part = Period(db, scope, start, end);
                        clusters.Add(await ByCell(InCells(InBox(part, box), box, rangeBeyondList: false)).ToListAsync(ct));
                        clusters.Add(await ByCounty(Unplaced(part, counties)).ToListAsync(ct));
                    }
                }

                return clusters.ToList(divisions);
            }

            clusters = new Clusters();
        }

        var period = Period(db, scope, from, to);
        var located = InCells(InBox(period, box), box, rangeBeyondList: true);
        var county = Unplaced(period, counties);
        var many = await located.Select(i => i.Id).Take(above + 1).CountAsync(ct);
        if (many <= above)
        {
            many += await county.Select(i => i.Id).Take(above + 1 - many).CountAsync(ct);
        }

        if (many <= above)
        {
            return null;
        }

        clusters.Add(await ByCell(located).ToListAsync(ct));
        clusters.Add(await ByCounty(county).ToListAsync(ct));
        return clusters.ToList(divisions);
    }

    /// <summary>Those with coordinates counted by cell, from the cell index's entries.</summary>
    private static IQueryable<Tally> ByCell(IQueryable<Incident> located) =>
        located.GroupBy(i => i.MapCell).Select(g => new Tally(
            g.Key, null, g.Count(), g.Sum(i => i.Longitude), g.Sum(i => i.Latitude), g.Min(i => i.Longitude), g.Min(i => i.Latitude),
            g.Max(i => i.Longitude), g.Max(i => i.Latitude), g.Count(i => i.Status == IncidentStatus.Closed),
            g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.I), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.II),
            g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.III), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.IV)));

    /// <summary>Those known only by their county counted by county, from the county index's entries.</summary>
    private static IQueryable<Tally> ByCounty(IQueryable<Incident> unplaced) =>
        unplaced.GroupBy(i => i.LocationJurisdictionId).Select(g => new Tally(
            null, g.Key, g.Count(), null, null, null, null, null, null, g.Count(i => i.Status == IncidentStatus.Closed),
            g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.I), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.II),
            g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.III), g.Count(i => i.Status != IncidentStatus.Closed && i.Severity == Severity.IV)));

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

    /// <summary>The counties whose centroid (where the map stands those known only by their county) is in the box; null without geometry (all).</summary>
    private List<Guid>? CountiesIn(BoundingBox box, JurisdictionTree.Snapshot divisions) =>
        geometry.FirstOrDefault() is { } places
            ? [.. divisions.Nodes.Where(n => places.Find(n.Code) is { } p && box.Contains(p.Longitude, p.Latitude)).Select(n => n.Id)]
            : null;

    /// <summary>Those known only by their county whose county's centroid is in the box (<see cref="CountiesIn"/>).</summary>
    private static IQueryable<Incident> Unplaced(IQueryable<Incident> period, List<Guid>? counties)
    {
        var unplaced = period.Where(i => i.Longitude == null);
        return counties is null ? unplaced : unplaced.Where(i => counties.Contains(i.LocationJurisdictionId));
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

    /// <summary>
    /// One cluster's part as the database adds it up (a cell's or a county's, from the totals or from index entries): count,
    /// sums of the coordinates, extent and colour mix.
    /// </summary>
    private sealed record Tally(int? Cell, Guid? County, int Count, double? SumLongitude, double? SumLatitude, double? West, double? South, double? East, double? North,
        int Closed, int I, int II, int III, int IV);

    /// <summary>The parts of each cell's and county's cluster added together.</summary>
    private sealed class Clusters
    {
        private readonly SortedDictionary<int, Tally> _cells = [];
        private readonly Dictionary<Guid, Tally> _counties = [];

        public int Count { get; private set; }

        public void Add(IEnumerable<Tally> parts)
        {
            foreach (var p in parts.Where(p => p.Count > 0))
            {
                Count += p.Count;
                if (p.Cell is { } cell)
                {
                    _cells[cell] = _cells.TryGetValue(cell, out var t) ? Sum(t, p) : p;
                }
                else if (p.County is { } county)
                {
                    _counties[county] = _counties.TryGetValue(county, out var t) ? Sum(t, p) : p;
                }
            }
        }

        public List<MapCluster> ToList(JurisdictionTree.Snapshot divisions) =>
        [
            .. _cells.Values.Select(t => new MapCluster(t.SumLongitude / t.Count, t.SumLatitude / t.Count, null, t.Count,
                new BoundingBox(t.West ?? 0, t.South ?? 0, t.East ?? 0, t.North ?? 0), Mix(t))),
            .. _counties.Select(c => (Code: divisions.Find(c.Key)?.Code, c.Value)).OrderBy(c => c.Code, StringComparer.Ordinal)
                .Select(c => new MapCluster(null, null, c.Code, c.Value.Count, null, Mix(c.Value))),
        ];

        private static Tally Sum(Tally a, Tally b) => a with
        {
            Count = a.Count + b.Count,
            SumLongitude = a.SumLongitude + b.SumLongitude,
            SumLatitude = a.SumLatitude + b.SumLatitude,
            West = Min(a.West, b.West),
            South = Min(a.South, b.South),
            East = Max(a.East, b.East),
            North = Max(a.North, b.North),
            Closed = a.Closed + b.Closed,
            I = a.I + b.I,
            II = a.II + b.II,
            III = a.III + b.III,
            IV = a.IV + b.IV,
        };

        private static double? Min(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

        private static double? Max(double? a, double? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

        private static Dictionary<string, int> Mix(Tally t)
        {
            var mix = new Dictionary<string, int>(StringComparer.Ordinal);
            Add(mix, "I", t.I);
            Add(mix, "II", t.II);
            Add(mix, "III", t.III);
            Add(mix, "IV", t.IV);
            Add(mix, nameof(Severity.NotAssessed), t.Count - t.Closed - t.I - t.II - t.III - t.IV);
            Add(mix, "closed", t.Closed);
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
