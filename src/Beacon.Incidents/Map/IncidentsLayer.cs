using Beacon.Incidents.Incidents;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;

namespace Beacon.Incidents.Map;

/// <summary>
/// Incidents on the one map: at their coordinates when the report gave them, otherwise on their county; coloured by
/// level (<c>I</c>–<c>IV</c>, <c>closed</c> once the final report is in). The caller's scope only. Which incidents a box
/// holds, their clusters and what each feature shows come from the layer's read model (<see cref="IncidentMapIndex"/>,
/// decision 0041).
/// </summary>
internal sealed class IncidentsLayer(ScopeService scopes, JurisdictionTree tree, IEnumerable<IDivisionGeometry> geometry,
    IncidentMapIndex index) : IMapLayer
{
    public string Key => "incidents";

    public (Type Resources, string TitleKey) Title => (typeof(Localization.IncidentsResource), "Map.Layer.Incidents");

    public async Task<IReadOnlyList<MapFeature>> QueryAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int take, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var limit = Math.Clamp(take, 1, 10_000);
        var model = await index.CurrentAsync(ct);

        // Those with coordinates in the box and those known only by a county whose centroid (where the map stands them) is
        // in the box, newest first, in one walk of the period (decision 0019: a county-only incident elsewhere never
        // crowds out the box's own).
        return [.. model.InBox(box, from, to, scope, CountiesIn(box, divisions)).Take(limit).Select(e => new MapFeature(e.Id, e.Label,
            e.Unplaced ? null : e.Longitude, double.IsNaN(e.Latitude) ? null : e.Latitude, divisions.Find(e.Location)?.Code,
            ColourKey(e.Status, e.Severity), $"incidents/{e.Id}", e.OccurredAt))];
    }

    /// <summary>
    /// More than <paramref name="above"/> incidents in the box: all of them counted by half-degree grid cell (those with
    /// coordinates, at the mean of their points) and by county (those known only by their county, at its centroid), with
    /// their level mix (decision 0019, "Clusters for large boxes"), from the read model in one walk of the period.
    /// </summary>
    public async Task<IReadOnlyList<MapCluster>?> ClusterAsync(BoundingBox box, DateTimeOffset from, DateTimeOffset to, int above, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var model = await index.CurrentAsync(ct);
        var cells = new Dictionary<int, Tally>();
        var counties = new Dictionary<Guid, Tally>();
        var count = 0;
        foreach (var e in model.InBox(box, from, to, scope, CountiesIn(box, divisions)))
        {
            count++;
            if (e.Unplaced)
            {
                TallyOf(counties, e.Location).Add(e);
            }
            else
            {
                TallyOf(cells, e.Cell).Add(e);
            }
        }

        if (count <= above)
        {
            return null;
        }

        return [.. cells.Values.Select(t => new MapCluster(t.SumLongitude / t.Count, t.SumLatitude / t.Count, null, t.Count,
                new BoundingBox(t.West, t.South, t.East, t.North), t.Mix())),
            .. counties.Select(c => new MapCluster(null, null, divisions.Find(c.Key)?.Code, c.Value.Count, null, c.Value.Mix()))];
    }

    private static Tally TallyOf<TKey>(Dictionary<TKey, Tally> tallies, TKey key)
        where TKey : notnull
    {
        if (!tallies.TryGetValue(key, out var tally))
        {
            tallies[key] = tally = new Tally();
        }

        return tally;
    }

    private static string ColourKey(IncidentStatus status, Severity severity) => status == IncidentStatus.Closed ? "closed" : severity.ToString();

    /// <summary>The counties whose centroid (where the map stands those known only by their county) is in the box; null (every county) without geometry.</summary>
    private HashSet<Guid>? CountiesIn(BoundingBox box, JurisdictionTree.Snapshot divisions) =>
        geometry.FirstOrDefault() is { } places
            ? [.. divisions.Nodes.Where(n => places.Find(n.Code) is { } p && box.Contains(p.Longitude, p.Latitude)).Select(n => n.Id)]
            : null;

    /// <summary>One cluster's count, place, extent and level mix, added up entry by entry.</summary>
    private sealed class Tally
    {
        public int Count { get; private set; }

        public double SumLongitude { get; private set; }

        public double SumLatitude { get; private set; }

        public double West { get; private set; } = double.MaxValue;

        public double South { get; private set; } = double.MaxValue;

        public double East { get; private set; } = double.MinValue;

        public double North { get; private set; } = double.MinValue;

        private static readonly string[] Keys = [nameof(Severity.NotAssessed), "I", "II", "III", "IV", "closed"];
        private readonly int[] _mix = new int[Keys.Length];

        public void Add(IncidentMapIndex.Entry e)
        {
            Count++;
            if (!e.Unplaced)
            {
                SumLongitude += e.Longitude;
                SumLatitude += e.Latitude;
                West = Math.Min(West, e.Longitude);
                South = Math.Min(South, e.Latitude);
                East = Math.Max(East, e.Longitude);
                North = Math.Max(North, e.Latitude);
            }

            // The colour keys of ColourKey, counted by position: closed, else the level (NotAssessed for anything else).
            _mix[e.Status == IncidentStatus.Closed ? 5 : e.Severity is >= Severity.NotAssessed and <= Severity.IV ? (int)e.Severity : 0]++;
        }

        public Dictionary<string, int> Mix()
        {
            var mix = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < Keys.Length; k++)
            {
                if (_mix[k] > 0)
                {
                    mix[Keys[k]] = _mix[k];
                }
            }

            return mix;
        }
    }
}
