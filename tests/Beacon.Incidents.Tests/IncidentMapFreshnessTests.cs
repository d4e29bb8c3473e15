using System.Globalization;
using System.Net;
using System.Text.Json;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Contracts;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Map;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Decision 0041: the incident layer answers from a read model held in the process. Whatever changes what the layer shows
/// (a new incident, a level change, closure by the final report) is in the next answer of the same process, through the
/// real handlers; a write the process did not announce (another node, a command-line verb: here a context of its own
/// that publishes nothing) is in the answers within the documented bound, features and clusters alike.
/// </summary>
public abstract class IncidentMapFreshnessTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_new_incident_a_raised_level_and_closure_by_the_final_report_show_in_the_next_map_answer()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var (lat, lon) = (40.71234, 109.80123);
        var box = Box(lat, lon);
        Assert.Empty(await FeaturesAsync(duty, box));

        var id = await ReportAsync(duty, "地图即时性测试：厂区火灾", lat, lon);
        var first = Assert.Single(await FeaturesAsync(duty, box));
        Assert.Equal("III", first.ColourKey);
        Assert.Matches(@"^150203-\d{4}-\d+ 地图即时性测试：厂区火灾$", first.Title);
        var second = await ReportAsync(duty, "地图即时性测试：厂区火灾（第二处）", lat, lon);
        Assert.Equal(new Dictionary<string, int> { ["III"] = 2 }, await ClusterMixAsync(duty, box));

        await FollowUpAsync(duty, id, "FollowUp", "II");
        var raised = await FeaturesAsync(duty, box);
        Assert.Equal("II", raised.Single(f => f.Id == id).ColourKey);
        Assert.Equal(new Dictionary<string, int> { ["II"] = 1, ["III"] = 1 }, await ClusterMixAsync(duty, box));

        await FollowUpAsync(duty, id, "Final", "II");
        Assert.Equal("closed", (await FeaturesAsync(duty, box)).Single(f => f.Id == id).ColourKey);
        Assert.Equal(new Dictionary<string, int> { ["closed"] = 1, ["III"] = 1 }, await ClusterMixAsync(duty, box));
        Assert.Equal("III", (await FeaturesAsync(duty, box)).Single(f => f.Id == second).ColourKey);
    }

    [Fact]
    public async Task A_drill_inject_never_shows_on_the_map()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var everything = Box(40.7, 109.8, 20);
        var before = (await FeaturesAsync(duty, everything, take: 10_000)).Select(f => f.Id).ToHashSet();
        var drill = await DrillAsync("150203", "地图即时性测试演练");

        var after = await FeaturesAsync(duty, everything, take: 10_000);
        Assert.DoesNotContain(after, f => f.Id == drill);
        Assert.Subset(after.Select(f => f.Id).ToHashSet(), before);
    }

    [Fact]
    public async Task A_county_first_real_report_of_the_year_after_a_drill_inject_is_numbered_and_shows_on_the_map()
    {
        // 青山区 has no incident in this fixture: its drill number (…-D0001) comes before any real one of the year.
        var duty = await Beacon.SignInAsync("duty.150204");
        await DrillAsync("150204", "青山区演练");

        var (lat, lon) = (40.64321, 109.90123);
        var id = await ReportAsync(duty, "青山区演练后的第一起真实事件", lat, lon, "150204");
        var shown = Assert.Single(await FeaturesAsync(duty, Box(lat, lon)));
        Assert.Equal(id, shown.Id);
        Assert.Matches(@"^150204-\d{4}-0*1 青山区演练后的第一起真实事件$", shown.Title);
    }

    [Fact]
    public async Task An_incident_and_a_level_change_written_by_another_process_show_after_the_delta_read()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var (lat, lon) = (40.72345, 109.81234);
        var box = Box(lat, lon);
        Assert.Empty(await FeaturesAsync(duty, box));

        // Another process reports: the incident and its first report, committed without this process hearing of it.
        var incident = await InsertElsewhereAsync("地图即时性测试：外部写入", lat, lon);
        Beacon.Clock.Advance(IncidentMapIndex.DeltaEvery);
        Assert.Equal("III", Assert.Single(await FeaturesAsync(duty, box), f => f.Id == incident.Id).ColourKey);

        // …and then closes it with a final report.
        await using (var db = Beacon.Db())
        {
            var row = await db.Set<Incident>().SingleAsync(i => i.Id == incident.Id, Ct);
            row.Status = IncidentStatus.Closed;
            row.ReportCount = 2;
            db.Add(Report(row, ReportKind.Final, 2));
            await db.SaveChangesAsync(Ct);
        }

        Beacon.Clock.Advance(IncidentMapIndex.DeltaEvery);
        Assert.Equal("closed", Assert.Single(await FeaturesAsync(duty, box), f => f.Id == incident.Id).ColourKey);
    }

    [Fact]
    public async Task A_row_written_without_any_report_shows_after_the_full_reload()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var (lat, lon) = (40.73456, 109.82345);
        var box = Box(lat, lon);
        Assert.Empty(await FeaturesAsync(duty, box));

        var incident = await InsertElsewhereAsync("地图即时性测试：批量导入", lat, lon, withReport: false);
        Beacon.Clock.Advance(IncidentMapIndex.ReloadEvery);
        Assert.Single(await FeaturesAsync(duty, box), f => f.Id == incident.Id);
    }

    [Fact]
    public void The_delta_floor_lies_the_margin_below_the_newest_id_and_orders_below_it()
    {
        var at = new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);
        var newest = Guid.CreateVersion7(at);
        var floor = IncidentMapIndex.FloorBelow(newest);

        Assert.True(floor < Guid.CreateVersion7(at - IncidentMapIndex.DeltaMargin + TimeSpan.FromMilliseconds(1)));
        Assert.True(floor > Guid.CreateVersion7(at - IncidentMapIndex.DeltaMargin - TimeSpan.FromMilliseconds(1)));
        Assert.True(string.CompareOrdinal(floor.ToString().ToUpperInvariant(), newest.ToString().ToUpperInvariant()) < 0);
    }

    private static (double West, double South, double East, double North) Box(double lat, double lon, double half = 0.0005) =>
        (lon - half, lat - half, lon + half, lat + half);

    private static string Bbox((double West, double South, double East, double North) b) =>
        string.Create(CultureInfo.InvariantCulture, $"bbox={b.West},{b.South},{b.East},{b.North}");

    private static async Task<List<(Guid Id, string ColourKey, string Title)>> FeaturesAsync(HttpClient client, (double, double, double, double) box, int take = 2_000)
    {
        var layer = await LayerAsync(client, $"{Bbox(box)}&take={take}&clusters=false");
        return [.. layer.GetProperty("items").EnumerateArray().Select(f => (Guid.Parse(f.GetProperty("id").GetString()!), f.GetProperty("colourKey").GetString()!,
            f.GetProperty("title").GetString()!))];
    }

    /// <summary>The level mix of the box's clusters, asked with room for one feature so that two or more answer as clusters.</summary>
    private static async Task<Dictionary<string, int>> ClusterMixAsync(HttpClient client, (double, double, double, double) box)
    {
        var layer = await LayerAsync(client, $"{Bbox(box)}&take=1");
        Assert.Equal("clusters", layer.GetProperty("shape").GetString());
        var mix = new Dictionary<string, int>();
        foreach (var c in layer.GetProperty("clusters").EnumerateArray())
        {
            foreach (var k in c.GetProperty("colours").EnumerateObject())
            {
                mix[k.Name] = mix.GetValueOrDefault(k.Name) + k.Value.GetInt32();
            }
        }

        return mix;
    }

    private static async Task<JsonElement> LayerAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"/api/v1/map/features?layer=incidents&{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.JsonAsync()).GetProperty("layers")[0];
    }

    /// <summary>A drill inject (演练) from the region's duty room to the county's, through the module's contract.</summary>
    private async Task<Guid> DrillAsync(string countyCode, string title)
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using var db = Beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == countyCode, Ct);
        var region = await db.Jurisdictions.SingleAsync(j => j.Code == "150000", Ct);
        var room = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
        var from = await db.Units.Where(u => u.JurisdictionId == region.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
        return await scope.ServiceProvider.GetRequiredService<IDrillInjects>().DeliverAsync(
            new DrillInjectDelivery(Guid.CreateVersion7(), title, "12C01", "演练情景。", from, room), Ct);
    }

    private async Task<Guid> ReportAsync(HttpClient client, string title, double latitude, double longitude, string locationCode = "150203")
    {
        var created = await client.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = title,
            ["eventTypeCode"] = "12C01",
            ["severity"] = "III",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-10),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-5),
            ["locationCode"] = locationCode,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
            ["source"] = "Phone",
            ["narrative"] = "情况核实中。",
            ["signer"] = "值班员",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return Guid.Parse((await created.JsonAsync()).GetProperty("id").GetString()!);
    }

    private static async Task FollowUpAsync(HttpClient client, Guid incident, string kind, string severity)
    {
        var response = await client.PostJsonAsync($"/api/v1/incidents/{incident}/reports", new
        {
            kind,
            severity,
            isSensitive = false,
            narrative = "情况更新。",
            signer = "值班员",
            confirmOpenInstructions = true,
            confirmationReason = "测试结束",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>An incident of Kundulun (level Ⅲ) written by a context of its own, as another process would: no event is published.</summary>
    private async Task<Incident> InsertElsewhereAsync(string title, double lat, double lon, bool withReport = true)
    {
        await using var db = Beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203", Ct);
        var unit = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync(Ct);
        var now = Beacon.Clock.GetUtcNow();
        var incident = new Incident
        {
            Number = "150203-2098-" + Guid.CreateVersion7().ToString("N")[^8..],
            OriginUnitId = unit,
            OriginJurisdictionId = county.Id,
            LocationJurisdictionId = county.Id,
            Title = title,
            EventTypeCode = eventType,
            Severity = Severity.III,
            OccurredAt = now.AddMinutes(-10),
            LearnedAt = now.AddMinutes(-5),
            CreatedAt = now,
            Latitude = lat,
            Longitude = lon,
            Narrative = "外部写入",
            ReportCount = 1,
        };
        db.Add(incident);
        if (withReport)
        {
            db.Add(Report(incident, ReportKind.First, 1));
        }

        await db.SaveChangesAsync(Ct);
        return incident;
    }

    private IncidentReport Report(Incident incident, ReportKind kind, int sequence) => new()
    {
        IncidentId = incident.Id,
        Kind = kind,
        Sequence = sequence,
        UnitId = incident.OriginUnitId,
        SubmittedBy = "外部进程",
        SubmittedAt = Beacon.Clock.GetUtcNow(),
        Severity = incident.Severity,
        Casualties = Casualties.None,
        Narrative = "外部写入",
        Signer = "值班员",
    };
}

public sealed class IncidentMapFreshnessTestsOnSqlite(SqliteBeacon beacon) : IncidentMapFreshnessTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class IncidentMapFreshnessTestsOnPostgres(PostgresBeacon beacon) : IncidentMapFreshnessTests(beacon), IClassFixture<PostgresBeacon>;
