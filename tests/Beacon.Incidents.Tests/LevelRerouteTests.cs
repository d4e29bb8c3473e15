using System.Net;
using System.Threading.Channels;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Platform.Audit;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13: level changes re-route. A follow-up whose figures cross a threshold of the event type (the national
/// four-level grading, configurable data) proposes that level, creates its obligations and, where a skip-level rule
/// says so, reaches the region at once, the prefecture being told. And the final report's guard on open instructions.
/// </summary>
public abstract class LevelRerouteTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>How long the neighbour's board is watched for a leak.</summary>
    private static readonly TimeSpan LeakWatch = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_follow_up_raising_deaths_from_0_to_3_on_a_road_accident_proposes_level_III_creates_its_obligations_and_with_a_skip_level_rule_reaches_the_region_at_once_and_tells_the_prefecture()
    {
        var options = Beacon.Services.GetRequiredService<IOptions<IncidentsOptions>>().Value;
        options.SkipLevel = [Severity.I, Severity.II, Severity.III];
        try
        {
            await using var qingshan = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
            var atQingshan = Listen(qingshan);
            await qingshan.StartAsync(Ct);
            var county = await Beacon.SignInAsync("duty.150203");
            var created = await ReportRoadAccidentAsync(county, deaths: 0);
            Assert.Empty(created.Obligations);
            var prefectureRoom = await DutyRoomAsync("150200");
            var regionRoom = await DutyRoomAsync("150000");
            Assert.DoesNotContain(await InboxAsync("duty.150000"), w => w.IncidentId == created.Id);

            Beacon.Clock.Advance(TimeSpan.FromHours(1));
            var raisedAt = Beacon.Clock.GetUtcNow();
            county = await Beacon.SignInAsync("duty.150203");
            var response = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("FollowUp", "IV", deaths: 3));

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var report = await response.ReadAsync<SubmittedReport>();
            // The configured thresholds of 12B (road traffic): 较大 from 3 deaths.
            Assert.Equal(Severity.III, report.ProposedSeverity);
            Assert.Equal("Deaths:3:3", report.ProposedReason);
            Assert.Equal(Severity.III, report.Severity);
            Assert.True(report.LevelRaised);
            Assert.Equal([regionRoom], report.SentTo);
            var phone = report.Obligations.Single(o => o.Channel == ReportChannel.Phone);
            Assert.Equal(raisedAt.AddMinutes(20), phone.DueAt);
            Assert.Equal(regionRoom, phone.OwedUnitId);
            var written = report.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First);
            Assert.Equal(ObligationStatus.Met, written.Status);
            Assert.Equal(ObligationReasons.Received, written.Reason);

            var region = Assert.Single(await InboxAsync("duty.150000"), w => w.IncidentId == created.Id);
            Assert.True(region.SkipsLevel);
            Assert.False(region.IsNotification);
            Assert.Null(region.SignedAt);
            var prefecture = Assert.Single(await InboxAsync("duty.150200"), w => w.IncidentId == created.Id);
            Assert.True(prefecture.IsNotification);
            Assert.Equal(raisedAt, prefecture.SkippedAt!.Value, TimeSpan.FromMilliseconds(1));

            var detail = await DetailAsync(county, created.Id);
            Assert.Equal(Severity.III, detail.Incident.Severity);
            Assert.Equal(3, detail.Incident.Casualties.Deaths);
            Assert.Equal(Severity.III, detail.Reports[^1].ProposedSeverity);
            Assert.Null(detail.Reports[0].ProposedSeverity);
            Assert.Equal(2, detail.Obligations.Count(o => o.Kind == ReportKind.First));
            Assert.Contains(detail.Chain, c => c.ToUnit.Contains("包头", StringComparison.Ordinal) && c.IsNotification && c.SkippedAt is not null);

            // The prefecture no longer forwards what the region already has; the neighbour sees and hears nothing.
            var forward = await (await Beacon.SignInAsync("duty.150200")).PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "转报自治区" });
            Assert.Equal(HttpStatusCode.Conflict, forward.StatusCode);
            var neighbour = await Beacon.SignInAsync("duty.150204");
            Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).StatusCode);
            Assert.DoesNotContain(await InboxAsync("duty.150204"), w => w.IncidentId == created.Id);
            Assert.Null(await FirstForAsync(atQingshan, created.Id, LeakWatch));
            await using var db = Beacon.Db();
            var incidentId = created.Id.ToString();
            Assert.Single(await db.Set<AuditEntry>().Where(a => a.Action == "incident.level-raised" && a.EntityId == incidentId).ToListAsync(Ct));
        }
        finally
        {
            options.SkipLevel = null;
        }
    }

    [Fact]
    public async Task A_follow_up_whose_figures_cross_no_new_threshold_changes_neither_the_level_nor_the_obligations_nor_the_route()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await ReportRoadAccidentAsync(county, deaths: 1);
        var before = await DetailAsync(county, created.Id);
        Assert.Equal(Severity.IV, before.Incident.Severity);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(30));
        county = await Beacon.SignInAsync("duty.150203");
        var response = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("FollowUp", "IV", deaths: 2));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var report = await response.ReadAsync<SubmittedReport>();
        Assert.False(report.LevelRaised);
        Assert.Equal(Severity.IV, report.Severity);
        Assert.Equal(Severity.IV, report.ProposedSeverity);
        Assert.Empty(report.SentTo);
        Assert.Empty(report.Obligations);
        var after = await DetailAsync(county, created.Id);
        Assert.Equal(Severity.IV, after.Incident.Severity);
        Assert.Equal(before.Chain.Select(c => (c.Id, c.IsNotification, c.SkipsLevel)), after.Chain.Select(c => (c.Id, c.IsNotification, c.SkipsLevel)));
        Assert.Null(after.Chain.Single().SkippedAt);
        Assert.DoesNotContain(await InboxAsync("duty.150000"), w => w.IncidentId == created.Id);
    }

    [Fact]
    public async Task A_first_report_takes_the_level_its_figures_give_when_above_the_declared_one()
    {
        var county = await Beacon.SignInAsync("duty.150203");

        var created = await ReportRoadAccidentAsync(county, deaths: 3);

        var detail = await DetailAsync(county, created.Id);
        Assert.Equal(Severity.III, detail.Incident.Severity);
        Assert.Equal(Severity.III, detail.Reports.Single().ProposedSeverity);
        Assert.Equal("Deaths:3:3", detail.Reports.Single().ProposedReason);
        Assert.Contains(created.Obligations, o => o.Channel == ReportChannel.Phone);
    }

    [Fact]
    public async Task A_final_report_with_an_unsigned_instruction_is_refused_409_coded_and_filed_with_a_confirmation_recorded_on_the_report_and_in_the_audit()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await ReportRoadAccidentAsync(county, deaths: 1);
        var leader = await Beacon.SignInAsync("leader.150200");
        var issued = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "请全力救治伤员，查明事故原因，及时报告。",
            toUnitIds = new[] { await DutyRoomAsync("150203") },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(2),
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);

        var refused = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("Final", "IV", deaths: 1));
        var withoutReason = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("Final", "IV", deaths: 1, confirm: true));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(IncidentErrors.FinalOpenInstructions, await refused.CodeAsync());
        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains(IncidentErrors.FinalConfirmationReason, await withoutReason.FieldCodesAsync("confirmationReason"));
        Assert.Equal(IncidentStatus.Open, (await DetailAsync(county, created.Id)).Incident.Status);

        var confirmed = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports",
            FollowUp("Final", "IV", deaths: 1, confirm: true, reason: "现场处置已结束，批示落实情况另行反馈"));

        Assert.Equal(HttpStatusCode.Created, confirmed.StatusCode);
        var detail = await DetailAsync(county, created.Id);
        Assert.Equal(IncidentStatus.Closed, detail.Incident.Status);
        Assert.Equal("现场处置已结束，批示落实情况另行反馈", detail.Reports[^1].FinalConfirmation);
        var finalId = detail.Reports[^1].Id.ToString();
        await using var db = Beacon.Db();
        var audit = Assert.Single(await db.Set<AuditEntry>().Where(a => a.Action == "incident.final-confirmed" && a.EntityId == finalId).ToListAsync(Ct));
        Assert.Contains("现场处置已结束", audit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_final_report_without_open_instructions_needs_no_confirmation()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await ReportRoadAccidentAsync(county, deaths: 1);

        var final = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("Final", "IV", deaths: 1));

        Assert.Equal(HttpStatusCode.Created, final.StatusCode);
        Assert.Null((await DetailAsync(county, created.Id)).Reports[^1].FinalConfirmation);
    }

    internal static Dictionary<string, object?> RoadAccident(DateTimeOffset learnedAt, int deaths) => new()
    {
        ["title"] = "昆都仑区建设路道路交通事故",
        ["eventTypeCode"] = "12B01",
        ["severity"] = "IV",
        ["isSensitive"] = false,
        ["occurredAt"] = learnedAt.AddMinutes(-5),
        ["learnedAt"] = learnedAt,
        ["locationCode"] = "150203",
        ["address"] = "包头市昆都仑区建设路与阿尔丁大街交叉口",
        ["deaths"] = deaths,
        ["injured"] = 2,
        ["source"] = "Phone",
        ["narrative"] = "一辆货车与一辆小客车相撞，伤员已送医。",
        ["signer"] = "王主任",
        ["phone"] = "0472-2100000",
    };

    private async Task<ReportedIncident> ReportRoadAccidentAsync(HttpClient client, int deaths)
    {
        var response = await client.PostJsonAsync("/api/v1/incidents", RoadAccident(Beacon.Clock.GetUtcNow(), deaths));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ReportedIncident>();
    }

    private static object FollowUp(string kind, string severity, int deaths, bool confirm = false, string? reason = null) => new
    {
        kind,
        severity,
        isSensitive = false,
        deaths,
        injured = 2,
        narrative = "伤亡人数经核实更新，救援继续。",
        signer = "张值班",
        confirmOpenInstructions = confirm,
        confirmationReason = reason,
    };

    private async Task<List<InboxItem>> InboxAsync(string login) =>
        await (await Beacon.SignInAsync(login)).GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct);

    private static async Task<IncidentDetail> DetailAsync(HttpClient client, Guid incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}", Ct)).ReadAsync<IncidentDetail>();

    private async Task<Guid> DutyRoomAsync(string code)
    {
        await using var db = Beacon.Db();
        return await db.Units.Where(u => u.Jurisdiction!.Code == code && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).Select(u => u.Id).FirstAsync(Ct);
    }

    private static ChannelReader<IncidentEvent> Listen(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<IncidentEvent>();
        connection.On<IncidentEvent>(DutyBoardHub.EventMethod, e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }

    private static async Task<IncidentEvent?> FirstForAsync(ChannelReader<IncidentEvent> reader, Guid incident, TimeSpan within)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(within);
        try
        {
            while (true)
            {
                while (reader.TryRead(out var e))
                {
                    if (e.IncidentId == incident)
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

public sealed class LevelRerouteTestsOnSqlite(SqliteBeacon beacon) : LevelRerouteTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class LevelRerouteTestsOnPostgres(PostgresBeacon beacon) : LevelRerouteTests(beacon), IClassFixture<PostgresBeacon>;
