using System.Globalization;
using System.Net;
using System.Text.Json;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Map;
using Beacon.Platform.Modules;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 15, acceptance 5 (decision 0019, "Totals per cell and day"): a box's clusters read the totals kept per grid cell
/// and UTC day for its whole cells and whole days, and count the rest exactly; they must equal the exact grouping of every
/// incident the caller may see in the box, after level changes and closing, on both databases.
/// </summary>
public abstract class MapTotalsTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static readonly string[] Levels = ["NotAssessed", "I", "II", "III", "IV"];

    [Fact]
    public async Task Clusters_read_from_the_totals_equal_the_exact_grouping_of_random_incidents_for_region_prefecture_and_county_callers_after_level_changes_and_closing()
    {
        await ReportRandomIncidentsAsync(new Random(15), 60);
        var now = Beacon.Clock.GetUtcNow();
        // Not at midnight: a partial day at each end and whole days between (the totals' part).
        var (from, to) = (now.AddHours(-61).AddMinutes(-7), now.AddMinutes(1));
        var boxes = new[]
        {
            BoundingBox.Region,
            new BoundingBox(109.0, 40.0, 111.0, 41.5),     // whole cells only, on the cells' edges
            new BoundingBox(109.37, 40.23, 110.61, 41.07), // cutting through cells on every side
            new BoundingBox(109.8, 40.6, 109.9, 40.7),     // inside one cell: no whole cell
        };
        var compared = 0;
        foreach (var login in new[] { "duty.150000", "duty.150200", "duty.150203" })
        {
            var client = await Beacon.SignInAsync(login);
            foreach (var box in boxes)
            {
                var query = FormattableString.Invariant($"/api/v1/map/features?layer=incidents&bbox={box.West},{box.South},{box.East},{box.North}")
                    + $"&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
                var features = (await LayerAsync(client, query + "&take=10000&clusters=false")).GetProperty("items").EnumerateArray().ToList();
                var clustered = await LayerAsync(client, query + "&take=1");
                if (features.Count <= 1)
                {
                    continue;
                }

                Assert.Equal("clusters", clustered.GetProperty("shape").GetString());
                var expected = Expected(features);
                var actual = clustered.GetProperty("clusters").EnumerateArray().Select(c => Actual(c)).ToList();
                var where = $"{login}, box {box}";
                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(a => a.Key).Order(StringComparer.Ordinal));
                foreach (var a in actual)
                {
                    var e = expected[a.Key];
                    Assert.True(e.Count == a.Count, $"{where}, {a.Key}: {a.Count} counted, {e.Count} in the box");
                    Assert.True(e.Colours.OrderBy(c => c.Key).SequenceEqual(a.Colours.OrderBy(c => c.Key)),
                        $"{where}, {a.Key}: colours {Show(a.Colours)}, expected {Show(e.Colours)}");
                    Assert.True(e.Bbox.SequenceEqual(a.Bbox), $"{where}, {a.Key}: extent {string.Join(',', a.Bbox)}, expected {string.Join(',', e.Bbox)}");
                    Assert.Equal(e.Longitude, a.Longitude, 1e-9);
                    Assert.Equal(e.Latitude, a.Latitude, 1e-9);
                }

                compared++;
            }
        }

        // Every caller saw clusters in the region, the aligned box and the cut box.
        Assert.True(compared >= 9, $"{compared} boxes compared");
    }

    [Fact]
    public async Task The_totals_equal_a_recount_of_the_real_incidents_by_cell_or_county_day_and_origin_and_for_everyone()
    {
        await ReportRandomIncidentsAsync(new Random(19), 40);
        await using var db = Beacon.Db();
        var incidents = await db.Set<Incident>().AsNoTracking().Where(i => !i.IsDrill).ToListAsync(Ct);
        var totals = await db.Set<IncidentMapTotal>().AsNoTracking().ToListAsync(Ct);

        var expected = incidents.SelectMany(i => new[] { IncidentMapTotal.Everyone, i.OriginJurisdictionId }.Select(origin => (Origin: origin, Incident: i)))
            .GroupBy(x => (x.Origin, Cell: x.Incident.MapCell ?? IncidentMapTotal.NoCell,
                Location: x.Incident.MapCell is null ? x.Incident.LocationJurisdictionId : Guid.Empty, Day: IncidentMapTotal.DayOf(x.Incident.OccurredAt)))
            .ToDictionary(g => g.Key, g => g.Select(x => x.Incident).ToList());
        Assert.Equal(expected.Count, totals.Count);
        foreach (var t in totals)
        {
            var group = expected[(t.OriginJurisdictionId, t.Cell, t.LocationJurisdictionId, t.Day)];
            Assert.Equal(group.Count, t.Count);
            Assert.Equal(group.Count(i => i.Status == IncidentStatus.Closed), t.Closed);
            Assert.Equal((group.Count(i => Open(i, Severity.I)), group.Count(i => Open(i, Severity.II)), group.Count(i => Open(i, Severity.III)), group.Count(i => Open(i, Severity.IV))),
                (t.I, t.II, t.III, t.IV));
            if (t.Cell != IncidentMapTotal.NoCell)
            {
                Assert.Equal((group.Min(i => i.Longitude), group.Min(i => i.Latitude), group.Max(i => i.Longitude), group.Max(i => i.Latitude)), (t.West, t.South, t.East, t.North));
                Assert.Equal(group.Sum(i => i.Longitude!.Value), t.SumLongitude, 1e-9);
                Assert.Equal(group.Sum(i => i.Latitude!.Value), t.SumLatitude, 1e-9);
            }
        }
    }

    private static bool Open(Incident i, Severity level) => i.Status == IncidentStatus.Open && i.Severity == level;

    /// <summary>
    /// Incidents of three reporters (two counties and their prefecture) over the last 70 hours, in and around Baotou's grid
    /// cells (some exactly on a cell's edge), one in six known only by its county; then a third get a follow-up at another
    /// level and a quarter are closed by a final report.
    /// </summary>
    private async Task ReportRandomIncidentsAsync(Random random, int count)
    {
        var reporters = new[] { ("duty.150203", "150203"), ("duty.150204", "150204"), ("duty.150200", "150203"), ("duty.150200", "150204") };
        var now = Beacon.Clock.GetUtcNow();
        var reported = new List<(HttpClient Client, string Id)>();
        for (var n = 0; n < count; n++)
        {
            var (login, location) = reporters[random.Next(reporters.Length)];
            var client = await Beacon.SignInAsync(login);
            double? lat = null, lon = null;
            if (random.Next(6) != 0)
            {
                (lat, lon) = random.Next(8) == 0 ? (40.5, 110.0) : (40.2 + random.NextDouble() * 1.1, 109.2 + random.NextDouble() * 1.6);
            }

            var created = await client.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
            {
                ["title"] = "网格汇总测试事件",
                ["eventTypeCode"] = "12C01",
                ["severity"] = Levels[random.Next(Levels.Length)],
                ["isSensitive"] = false,
                ["occurredAt"] = now.AddMinutes(-random.Next(70 * 60)),
                ["learnedAt"] = now.AddMinutes(-1),
                ["locationCode"] = location,
                ["latitude"] = lat,
                ["longitude"] = lon,
                ["source"] = "Phone",
                ["narrative"] = "情况核实中。",
                ["signer"] = "值班员",
            });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
            reported.Add((client, (await created.JsonAsync()).GetProperty("id").GetString()!));
        }

        foreach (var (client, id) in reported)
        {
            var kind = random.Next(4) == 0 ? "Final" : random.Next(3) == 0 ? "FollowUp" : null;
            if (kind is null)
            {
                continue;
            }

            var response = await client.PostJsonAsync($"/api/v1/incidents/{id}/reports", new
            {
                kind,
                severity = Levels[random.Next(Levels.Length)],
                isSensitive = false,
                deaths = 0,
                injured = 0,
                narrative = "情况更新。",
                signer = "值班员",
            });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    private static async Task<JsonElement> LayerAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(query, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.JsonAsync()).GetProperty("layers")[0];
    }

    private sealed record Cluster(string Key, int Count, Dictionary<string, int> Colours, double[] Bbox, double Longitude, double Latitude);

    /// <summary>The exact grouping of the features: by grid cell (<see cref="MapCells.Of"/>) and, without coordinates, by county.</summary>
    private static Dictionary<string, Cluster> Expected(List<JsonElement> features) =>
        features.GroupBy(f => f.GetProperty("placed").GetString() == "point"
                ? "cell " + MapCells.Of(f.GetProperty("latitude").GetDouble(), f.GetProperty("longitude").GetDouble()).ToString(CultureInfo.InvariantCulture)
                : "county " + f.GetProperty("divisionCode").GetString())
            .ToDictionary(g => g.Key, g =>
            {
                var lons = g.Select(f => f.GetProperty("longitude").GetDouble()).ToList();
                var lats = g.Select(f => f.GetProperty("latitude").GetDouble()).ToList();
                var colours = g.GroupBy(f => f.GetProperty("colourKey").GetString()!).ToDictionary(c => c.Key, c => c.Count(), StringComparer.Ordinal);
                return g.Key.StartsWith("cell", StringComparison.Ordinal)
                    ? new Cluster(g.Key, g.Count(), colours, [lons.Min(), lats.Min(), lons.Max(), lats.Max()], lons.Average(), lats.Average())
                    : new Cluster(g.Key, g.Count(), colours, [], 0, 0);
            }, StringComparer.Ordinal);

    /// <summary>A cluster of the answer, keyed as <see cref="Expected"/>: a point cluster's cell is that of its extent's south-west corner.</summary>
    private static Cluster Actual(JsonElement c)
    {
        var bbox = c.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var colours = c.GetProperty("colours").EnumerateObject().ToDictionary(k => k.Name, k => k.Value.GetInt32(), StringComparer.Ordinal);
        return c.GetProperty("placed").GetString() == "point"
            ? new Cluster("cell " + MapCells.Of(bbox[1], bbox[0]).ToString(CultureInfo.InvariantCulture), c.GetProperty("count").GetInt32(), colours, bbox,
                c.GetProperty("longitude").GetDouble(), c.GetProperty("latitude").GetDouble())
            : new Cluster("county " + c.GetProperty("divisionCode").GetString(), c.GetProperty("count").GetInt32(), colours, [], 0, 0);
    }

    private static string Show(Dictionary<string, int> colours) => string.Join(", ", colours.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));
}

public sealed class MapTotalsTestsOnSqlite(SqliteBeacon beacon) : MapTotalsTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class MapTotalsTestsOnPostgres(PostgresBeacon beacon) : MapTotalsTests(beacon), IClassFixture<PostgresBeacon>;
