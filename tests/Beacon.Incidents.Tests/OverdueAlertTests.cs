using System.Net;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>An overdue obligation alerts the responsible duty room and the one above it, once.</summary>
public abstract class OverdueAlertTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task An_overdue_phone_report_alerts_the_county_and_its_prefecture_once_and_the_board_hears_of_it()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var heard = new List<IncidentEvent>();
        var events = Beacon.Services.GetRequiredService<IncidentEvents>();
        void Listen(IncidentEvent e) => heard.Add(e);
        events.Raised += Listen;
        try
        {
            Beacon.Clock.Advance(TimeSpan.FromMinutes(19));
            await ScanAsync();
            Assert.DoesNotContain(heard, e => e.Kind == IncidentEventKind.ObligationOverdue);

            Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.True(await ScanAsync() >= 1);
            Assert.Equal(0, await ScanAsync());
        }
        finally
        {
            events.Raised -= Listen;
        }

        Assert.Contains(heard, e => e.Kind == IncidentEventKind.ObligationOverdue && e.IncidentId == created.Id);
        county = await Beacon.SignInAsync("duty.150203");
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var countyAlerts = await county.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct);
        var prefectureAlerts = await prefecture.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct);
        var alert = Assert.Single(countyAlerts, a => a.IncidentId == created.Id && a.Kind == AlertKind.Overdue);
        Assert.Contains("电话报告已超时", alert.Message, StringComparison.Ordinal);
        Assert.Single(prefectureAlerts, a => a.IncidentId == created.Id && a.Kind == AlertKind.Overdue);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.IncidentId == created.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/alerts/{alert.Id}/acknowledge", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await county.PostAsync($"/api/v1/alerts/{alert.Id}/acknowledge", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_overdue_verification_answer_alerts_the_asked_county_the_level_above_and_the_asker_once_and_an_answered_one_none()
    {
        var region = await Beacon.SignInAsync("duty.150000");
        var kundulunRoom = (await region.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var late = await (await region.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = kundulunRoom, clue = "网传昆都仑区某加油站起火，请核实", dueMinutes = 10 }))
            .ReadAsync<VerificationView>();
        var answered = await (await region.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = kundulunRoom, clue = "网传昆都仑区某路口塌陷，请核实", dueMinutes = 10 }))
            .ReadAsync<VerificationView>();
        var county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/verification-requests/{answered.Id}/answer", new { result = "Unfounded", text = "经核实系谣言。" })).StatusCode);

        var heard = new List<IncidentEvent>();
        var events = Beacon.Services.GetRequiredService<IncidentEvents>();
        void Listen(IncidentEvent e) => heard.Add(e);
        events.Raised += Listen;
        try
        {
            Beacon.Clock.Advance(TimeSpan.FromMinutes(9));
            await ScanAsync();
            Assert.DoesNotContain(heard, e => e.Kind == IncidentEventKind.AlertRaised && e.Title.Contains("加油站", StringComparison.Ordinal));
            Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
            Assert.True(await ScanAsync() >= 1);
            await ScanAsync();
        }
        finally
        {
            events.Raised -= Listen;
        }

        // Other tests of the fixture leave reports unsigned: their signing alerts (decision 0040) are raised by the same scans.
        var raised = Assert.Single(heard, e => e.Kind == IncidentEventKind.AlertRaised && e.Title.Contains("加油站", StringComparison.Ordinal));
        Assert.Contains(kundulunRoom, raised.ToUnitIds);
        Assert.Equal(3, raised.ToUnitIds.Count);

        county = await Beacon.SignInAsync("duty.150203");
        var prefecture = await Beacon.SignInAsync("duty.150200");
        region = await Beacon.SignInAsync("duty.150000");
        foreach (var client in new[] { county, prefecture, region })
        {
            var alerts = await client.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct);
            var alert = Assert.Single(alerts, a => a.VerificationRequestId == late.Id && a.Kind == AlertKind.Overdue);
            Assert.Contains("核报超时", alert.Message, StringComparison.Ordinal);
            Assert.Null(alert.AcknowledgedAt);
            Assert.DoesNotContain(alerts, a => a.VerificationRequestId == answered.Id);
        }

        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.VerificationRequestId == late.Id);
        var countyAlert = (await county.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct)).Single(a => a.VerificationRequestId == late.Id && a.Kind == AlertKind.Overdue);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/alerts/{countyAlert.Id}/acknowledge", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await county.PostAsync($"/api/v1/alerts/{countyAlert.Id}/acknowledge", null, Ct)).StatusCode);
        Assert.NotNull((await county.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct)).Single(a => a.Id == countyAlert.Id).AcknowledgedAt);
        Assert.Null((await region.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct)).Single(a => a.VerificationRequestId == late.Id && a.Kind == AlertKind.Overdue).AcknowledgedAt);
    }

    [Fact]
    public async Task A_supervised_instruction_not_carried_out_by_its_deadline_alerts_the_unit_and_the_level_above_once()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var incident = await (await prefecture.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var kundulunRoom = (await prefecture.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var issued = await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区30分钟内反馈现场疏散情况。",
            toUnitIds = new[] { kundulunRoom },
            dueAt = Beacon.Clock.GetUtcNow().AddMinutes(30),
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await ScanAsync() >= 1);
        var county = await Beacon.SignInAsync("duty.150203");
        prefecture = await Beacon.SignInAsync("duty.150200");
        var countyAlert = Assert.Single(await county.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.AssignmentId is not null && a.IncidentId == incident.Id);
        Assert.Contains("督办超时", countyAlert.Message, StringComparison.Ordinal);
        Assert.Single(await prefecture.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.AssignmentId is not null && a.IncidentId == incident.Id);
        await ScanAsync();
        Assert.Single(await county.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.AssignmentId is not null && a.IncidentId == incident.Id);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.IncidentId == incident.Id);
    }

    private async Task<int> ScanAsync()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OverdueScanner>().ScanAsync(Ct);
    }
}

public sealed class OverdueAlertTestsOnSqlite(SqliteBeacon beacon) : OverdueAlertTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class OverdueAlertTestsOnPostgres(PostgresBeacon beacon) : OverdueAlertTests(beacon), IClassFixture<PostgresBeacon>;
