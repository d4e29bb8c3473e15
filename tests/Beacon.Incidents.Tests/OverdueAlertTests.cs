using System.Net;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents.ReportIncident;
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
            Assert.Equal(0, await ScanAsync());

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
        var alert = Assert.Single(countyAlerts, a => a.IncidentId == created.Id);
        Assert.Contains("电话报告已超时", alert.Message, StringComparison.Ordinal);
        Assert.Single(prefectureAlerts, a => a.IncidentId == created.Id);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct), a => a.IncidentId == created.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/alerts/{alert.Id}/acknowledge", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await county.PostAsync($"/api/v1/alerts/{alert.Id}/acknowledge", null, Ct)).StatusCode);
    }

    private async Task<int> ScanAsync()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OverdueScanner>().ScanAsync(Ct);
    }
}

public sealed class OverdueAlertTestsOnSqlite(SqliteBeacon beacon) : OverdueAlertTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class OverdueAlertTestsOnPostgres(PostgresBeacon beacon) : OverdueAlertTests(beacon), IClassFixture<PostgresBeacon>;
