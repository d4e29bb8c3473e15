using System.Net;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Documents;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Verification;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Verification requests (核报): asked from above, answered against the first-report deadline.</summary>
public abstract class VerificationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_verification_answered_late_shows_overdue_then_met_late_and_counts_in_the_units_statistics()
    {
        var (prefecture, kundulun) = await UnitsAsync();
        var asked = await (await prefecture.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = await DutyRoomAsync(prefecture, "150203"),
            clue = "网传昆都仑区某小区发生燃气爆炸，请核实",
            source = "微博",
        })).ReadAsync<VerificationView>();
        Assert.Equal(TimeSpan.FromMinutes(40), asked.DueAt - asked.RequestedAt);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(41));
        (prefecture, kundulun) = await UnitsAsync();
        var before = (await kundulun.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct)).Single(v => v.Id == asked.Id);
        Assert.Equal(ObligationStatus.Overdue, before.Status);

        var answered = await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/answer", new { result = "Unfounded", text = "经现场核实，系小区内电动车起火，无人员伤亡，网传不实。" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var view = await answered.ReadAsync<VerificationView>();
        Assert.Equal(ObligationStatus.MetLate, view.Status);
        Assert.Equal(VerificationResult.Unfounded, view.Result);
        Assert.Equal(HttpStatusCode.Conflict, (await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/answer", new { result = "Confirmed", text = "再次答复" })).StatusCode);

        var stats = await (await prefecture.GetAsync("/api/v1/statistics/timeliness", Ct)).ReadAsync<List<TimelinessRow>>();
        var row = stats.Single(s => s.UnitName == "昆都仑区人民政府总值班室");
        Assert.True(row.VerificationDue >= 1);
        Assert.True(row.VerificationOnTime < row.VerificationDue);
    }

    [Fact]
    public async Task A_clue_becomes_a_first_report_in_one_step()
    {
        var (prefecture, kundulun) = await UnitsAsync();
        var asked = await (await prefecture.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = await DutyRoomAsync(prefecture, "150203"),
            clue = "12345热线反映昆都仑区某化工厂冒浓烟",
            dueMinutes = 30,
        })).ReadAsync<VerificationView>();

        var response = await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/report", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var incident = await response.ReadAsync<ReportedIncident>();
        var after = (await prefecture.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct)).Single(v => v.Id == asked.Id);
        Assert.Equal(VerificationResult.Confirmed, after.Result);
        Assert.Equal(incident.Id, after.IncidentId);
        Assert.Equal(ObligationStatus.Met, after.Status);
    }

    [Fact]
    public async Task A_neighbour_neither_sees_nor_answers_and_nobody_asks_outside_their_scope()
    {
        var (prefecture, _) = await UnitsAsync();
        var asked = await (await prefecture.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = await DutyRoomAsync(prefecture, "150203"),
            clue = "核实某事",
        })).ReadAsync<VerificationView>();
        var neighbour = await Beacon.SignInAsync("duty.150204");

        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct), v => v.Id == asked.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/answer", new { result = "Confirmed", text = "越界答复" })).StatusCode);
        var outOfScope = await neighbour.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = await DutyRoomAsync(prefecture, "150203"), clue = "越界核报" });
        Assert.Equal(HttpStatusCode.BadRequest, outOfScope.StatusCode);
        Assert.True((await outOfScope.JsonAsync()).GetProperty("errors").TryGetProperty("toUnitId", out _));
    }

    [Fact]
    public async Task A_request_names_an_incident_in_scope_and_either_end_links_one_but_never_a_neighbours()
    {
        var (prefecture, kundulun) = await UnitsAsync();
        var own = await (await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var neighbour = await Beacon.SignInAsync("duty.150204");
        var neighbours = await (await neighbour.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), location: "150204")))
            .ReadAsync<ReportedIncident>();
        var toKundulun = await DutyRoomAsync(prefecture, "150203");

        var named = await prefecture.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = toKundulun, clue = "网传该事故已致5人死亡，请核实", incidentId = own.Id });
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        Assert.Equal(own.Id, (await named.ReadAsync<VerificationView>()).IncidentId);

        // The county cannot name (or link) an incident of its neighbour, and nothing is stored.
        var countyAsks = await kundulun.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = (await kundulun.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203", Ct)).First(u => u.Id != toKundulun).Id,
            clue = "越界关联",
            incidentId = neighbours.Id,
        });
        Assert.Equal(HttpStatusCode.BadRequest, countyAsks.StatusCode);
        Assert.Contains(IncidentErrors.VerificationIncidentNotInScope, await countyAsks.FieldCodesAsync("incidentId"));
        Assert.DoesNotContain(await kundulun.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct), v => v.Clue == "越界关联");

        var asked = await (await prefecture.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = toKundulun, clue = "网传某处冒烟，请核实" })).ReadAsync<VerificationView>();
        Assert.Null(asked.IncidentId);
        var refused = await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/link", new { incidentId = neighbours.Id });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(IncidentErrors.VerificationIncidentNotInScope, await refused.FieldCodesAsync("incidentId"));
        Assert.Equal(HttpStatusCode.BadRequest, (await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/link", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/link", new { incidentId = neighbours.Id })).StatusCode);

        var linked = await kundulun.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/link", new { incidentId = own.Id });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Equal(own.Id, (await prefecture.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct)).Single(v => v.Id == asked.Id).IncidentId);
    }

    private async Task<(HttpClient Prefecture, HttpClient County)> UnitsAsync() =>
        (await Beacon.SignInAsync("duty.150200"), await Beacon.SignInAsync("duty.150203"));

    private static async Task<Guid> DutyRoomAsync(HttpClient client, string code) =>
        (await client.GetAllPagesAsync<UnitView>($"/api/v1/units?jurisdiction={code}&kind=DutyRoom", Ct)).Single().Id;
}

public sealed class VerificationTestsOnSqlite(SqliteBeacon beacon) : VerificationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class VerificationTestsOnPostgres(PostgresBeacon beacon) : VerificationTests(beacon), IClassFixture<PostgresBeacon>;
