using System.Net;
using Beacon.Incidents.Clues;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Sensitive-information clues (舆情线索): captured, judged over time, linked, and kept in scope.</summary>
public abstract class ClueTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_clue_is_captured_judged_twice_and_linked_to_the_incident_it_became()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var captured = await duty.PostJsonAsync("/api/v1/clues", new
        {
            source = "抖音",
            link = "https://example.cn/v/123",
            excerpt = "视频称昆都仑区某化工厂冒出大量黄烟",
            heat = "Medium",
        });
        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        var clue = await captured.ReadAsync<ClueView>();
        var incident = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

        await duty.PostJsonAsync($"/api/v1/clues/{clue.Id}/judgements", new { judgement = "初步研判：可能为工艺排放异常" });
        var judged = await (await duty.PostJsonAsync($"/api/v1/clues/{clue.Id}/judgements", new { judgement = "经核实系爆炸事故，已首报", heat = "High", incidentId = incident.Id }))
            .ReadAsync<ClueView>();

        Assert.Equal(ClueHeat.High, judged.Heat);
        Assert.Equal(incident.Id, judged.IncidentId);
        Assert.Contains("初步研判", judged.Judgement, StringComparison.Ordinal);
        Assert.Contains("已首报", judged.Judgement, StringComparison.Ordinal);
        // Stamped with the person's name and unit, not the login (issue 12, item 9).
        Assert.Contains("昆都仑区值班员（演示）（昆都仑区人民政府总值班室）", judged.Judgement, StringComparison.Ordinal);
        Assert.DoesNotContain("duty.150203", judged.Judgement, StringComparison.Ordinal);
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Contains(await prefecture.GetAllPagesAsync<ClueView>("/api/v1/clues", Ct), c => c.Id == clue.Id);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<ClueView>("/api/v1/clues", Ct), c => c.Id == clue.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/clues/{clue.Id}/judgements", new { judgement = "越界研判" })).StatusCode);
    }

    [Fact]
    public async Task A_clue_cannot_link_to_an_incident_outside_the_scope_or_carry_a_bad_link()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var incident = await (await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var neighbour = await Beacon.SignInAsync("duty.150204");

        var foreign = await neighbour.PostJsonAsync("/api/v1/clues", new { source = "微信", excerpt = "某事", heat = "Low", incidentId = incident.Id });
        var badLink = await neighbour.PostJsonAsync("/api/v1/clues", new { source = "微信", excerpt = "某事", heat = "Low", link = "not a url" });

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.True((await foreign.JsonAsync()).GetProperty("errors").TryGetProperty("incidentId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badLink.StatusCode);
        Assert.True((await badLink.JsonAsync()).GetProperty("errors").TryGetProperty("link", out _));
    }
}

public sealed class ClueTestsOnSqlite(SqliteBeacon beacon) : ClueTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ClueTestsOnPostgres(PostgresBeacon beacon) : ClueTests(beacon), IClassFixture<PostgresBeacon>;
