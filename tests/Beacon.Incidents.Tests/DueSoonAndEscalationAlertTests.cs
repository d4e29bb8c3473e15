using System.Net;
using System.Threading.Channels;
using Beacon.Incidents.Deadlines.OverdueAlerts;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Decision 0040 (issue 13, item 4): a due-soon alert (临期提醒) reaches the obligated duty room only, at the deadline
/// minus the lead time and not before — for a reporting obligation, a verification request, a supervised instruction
/// and a report awaiting signature (签收); an overdue alert the county does not acknowledge in time escalates (升级) to
/// the region once, one acknowledged in time does not; a neighbouring county's alert list and hub receive nothing.
/// Defaults: 5 minutes' lead (phone, 核报, 签收), 10 (written), 30 (督办); signing within 30; escalation after 15.
/// </summary>
public abstract class DueSoonAndEscalationAlertTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>How long the neighbour's hub is watched for a leak (nothing within 2 s).</summary>
    private static readonly TimeSpan LeakWatch = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Due_soon_alerts_reach_the_obligated_duty_room_at_the_deadline_minus_the_lead_time_and_not_before()
    {
        await using var qingshan = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
        var atQingshan = Listen(qingshan);
        await qingshan.StartAsync(Ct);

        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var region = await Beacon.SignInAsync("duty.150000");
        var kundulunRoom = (await region.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var request = await (await region.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = kundulunRoom, clue = "网传昆都仑区某仓库起火，请核实", dueMinutes = 30 }))
            .ReadAsync<VerificationView>();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.Created, (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区一小时内反馈现场处置情况。",
            toUnitIds = new[] { kundulunRoom },
            dueAt = Beacon.Clock.GetUtcNow().AddMinutes(60),
        })).StatusCode);

        // 14 minutes: the phone report is due at 20 with 5 minutes' lead; nothing yet.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(14));
        await ScanAsync();
        Assert.DoesNotContain(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.DueSoon && (a.IncidentId == created.Id || a.VerificationRequestId == request.Id));

        // 15: the phone report's due-soon alert, to the county only.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync();
        var phone = Assert.Single(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.DueSoon && (a.IncidentId == created.Id || a.VerificationRequestId == request.Id));
        Assert.NotNull(phone.ObligationId);
        Assert.Contains("电话报告临期", phone.Message, StringComparison.Ordinal);
        Assert.True(phone.Sounding);
        Assert.DoesNotContain(await AlertsAsync("duty.150200"), a => a.Kind == AlertKind.DueSoon && a.IncidentId == created.Id);

        // 24: the verification answer (due at 30) and the signing of the county's report by the prefecture (due at 30) not yet.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(9));
        await ScanAsync();
        Assert.DoesNotContain(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.DueSoon && a.VerificationRequestId == request.Id);
        Assert.DoesNotContain(await AlertsAsync("duty.150200"), a => a.Kind == AlertKind.DueSoon && a.IncidentId == created.Id);

        // 25: both, each to the unit that owes it only.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync();
        var verification = Assert.Single(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.DueSoon && a.VerificationRequestId == request.Id);
        Assert.Contains("核报临期", verification.Message, StringComparison.Ordinal);
        var signing = Assert.Single(await AlertsAsync("duty.150200"), a => a.Kind == AlertKind.DueSoon && a.SubmissionId is not null && a.IncidentId == created.Id);
        Assert.Contains("签收临期", signing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await AlertsAsync("duty.150000"), a => a.Kind == AlertKind.DueSoon && (a.IncidentId == created.Id || a.VerificationRequestId == request.Id));
        Assert.DoesNotContain(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.DueSoon && a.AssignmentId is not null && a.IncidentId == created.Id);

        // 30: the supervised instruction (due at 60, 30 minutes' lead) and the written report (due at 40, 10 minutes' lead).
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        await ScanAsync();
        var countyAlerts = await AlertsAsync("duty.150203");
        Assert.Contains("督办临期", Assert.Single(countyAlerts, a => a.Kind == AlertKind.DueSoon && a.AssignmentId is not null && a.IncidentId == created.Id).Message, StringComparison.Ordinal);
        Assert.Single(countyAlerts, a => a.Kind == AlertKind.DueSoon && a.IncidentId == created.Id && a.Message.Contains("书面报告临期", StringComparison.Ordinal));

        // Once per item: another scan adds none.
        await ScanAsync();
        Assert.Equal(4, (await AlertsAsync("duty.150203")).Count(a => a.Kind == AlertKind.DueSoon && (a.IncidentId == created.Id || a.VerificationRequestId == request.Id)));

        // Answered: the verification's due-soon alert no longer sounds; signed for: nor does the prefecture's.
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/verification-requests/{request.Id}/answer", new { result = "Unfounded", text = "经核实系谣言。" })).StatusCode);
        var answered = Assert.Single(await AlertsAsync("duty.150203"), a => a.Id == verification.Id);
        Assert.True(answered.Settled);
        Assert.False(answered.Sounding);
        prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { })).StatusCode);
        Assert.False(Assert.Single(await AlertsAsync("duty.150200"), a => a.Id == signing.Id).Sounding);

        // Acknowledged: no longer sounding either.
        Assert.Equal(HttpStatusCode.NoContent, (await county.PostAsync($"/api/v1/alerts/{phone.Id}/acknowledge", null, Ct)).StatusCode);
        Assert.False(Assert.Single(await AlertsAsync("duty.150203"), a => a.Id == phone.Id).Sounding);

        // The neighbouring county: nothing in its list, nothing on its hub.
        Assert.DoesNotContain(await AlertsAsync("duty.150204"), a => a.IncidentId == created.Id || a.VerificationRequestId == request.Id);
        Assert.Null(await FirstAlertAsync(atQingshan, LeakWatch));
    }

    [Fact]
    public async Task An_overdue_alert_not_acknowledged_in_time_escalates_to_the_region_once_and_one_acknowledged_in_time_does_not()
    {
        await using var qingshan = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
        await using var nei = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150000", "DutyOfficer"));
        var atQingshan = Listen(qingshan);
        var atRegion = Listen(nei);
        await qingshan.StartAsync(Ct);
        await nei.StartAsync(Ct);

        var county = await Beacon.SignInAsync("duty.150203");
        var acknowledged = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var ignored = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var region = await Beacon.SignInAsync("duty.150000");
        var regionRoom = (await region.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150000&kind=DutyRoom", Ct)).Single().Id;

        // 21: the phone reports are overdue: the county and the prefecture are alerted, not the region.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.True(await ScanAsync() >= 2);
        var countyAlerts = await AlertsAsync("duty.150203");
        var first = Assert.Single(countyAlerts, a => a.Kind == AlertKind.Overdue && a.IncidentId == acknowledged.Id);
        Assert.Single(countyAlerts, a => a.Kind == AlertKind.Overdue && a.IncidentId == ignored.Id);
        Assert.DoesNotContain(await AlertsAsync("duty.150000"), a => a.IncidentId == ignored.Id && a.ObligationId is not null);
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.NoContent, (await county.PostAsync($"/api/v1/alerts/{first.Id}/acknowledge", null, Ct)).StatusCode);

        // 35: 14 minutes unacknowledged, not yet escalated.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(14));
        await ScanAsync();
        Assert.DoesNotContain(await AlertsAsync("duty.150000"), a => a.Kind == AlertKind.Escalated && (a.IncidentId == ignored.Id || a.IncidentId == acknowledged.Id));

        // 36: 15 minutes: the ignored one escalates to the region, marked 升级; the acknowledged one does not.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
        await ScanAsync();
        var regionAlerts = await AlertsAsync("duty.150000");
        var escalated = Assert.Single(regionAlerts, a => a.Kind == AlertKind.Escalated && a.IncidentId == ignored.Id);
        Assert.DoesNotContain(regionAlerts, a => a.Kind == AlertKind.Escalated && a.IncidentId == acknowledged.Id);
        Assert.StartsWith("升级提醒", escalated.Message, StringComparison.Ordinal);
        Assert.True(escalated.Sounding);
        Assert.NotNull(Assert.Single(await AlertsAsync("duty.150203"), a => a.Kind == AlertKind.Overdue && a.IncidentId == ignored.Id).EscalatedAt);
        var pushed = await FirstAlertAsync(atRegion, TestTimeouts.Expectation, IncidentEventKind.AlertEscalated, ignored.Id);
        Assert.NotNull(pushed);
        Assert.Equal([regionRoom], pushed.ToUnitIds);

        // Once: later scans add no second escalation.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(4));
        await ScanAsync();
        Assert.Single(await AlertsAsync("duty.150000"), a => a.Kind == AlertKind.Escalated && a.IncidentId == ignored.Id);

        // The neighbouring county hears of none of it.
        Assert.DoesNotContain(await AlertsAsync("duty.150204"), a => a.IncidentId == ignored.Id || a.IncidentId == acknowledged.Id);
        Assert.Null(await FirstAlertAsync(atQingshan, LeakWatch));
    }

    private async Task<List<DutyAlertView>> AlertsAsync(string login)
    {
        var client = await Beacon.SignInAsync(login);
        return await client.GetAllPagesAsync<DutyAlertView>("/api/v1/alerts", Ct);
    }

    private async Task<int> ScanAsync()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OverdueScanner>().ScanAsync(Ct);
    }

    private static ChannelReader<IncidentEvent> Listen(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<IncidentEvent>();
        connection.On<IncidentEvent>(DutyBoardHub.EventMethod, e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }

    /// <summary>The first alert event (of <paramref name="kind"/>, if given) within <paramref name="within"/>, or null.</summary>
    private static async Task<IncidentEvent?> FirstAlertAsync(ChannelReader<IncidentEvent> reader, TimeSpan within, IncidentEventKind? kind = null, Guid? incident = null)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(within);
        try
        {
            while (true)
            {
                while (reader.TryRead(out var e))
                {
                    if ((kind is null ? e.IsAlert || e.Kind == IncidentEventKind.ObligationOverdue : e.Kind == kind) && (incident is null || e.IncidentId == incident))
                    {
                        return e;
                    }
                }

                await reader.WaitToReadAsync(wait.Token);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return null;
        }
    }
}

public sealed class DueSoonAndEscalationAlertTestsOnSqlite(SqliteBeacon beacon) : DueSoonAndEscalationAlertTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DueSoonAndEscalationAlertTestsOnPostgres(PostgresBeacon beacon) : DueSoonAndEscalationAlertTests(beacon), IClassFixture<PostgresBeacon>;
