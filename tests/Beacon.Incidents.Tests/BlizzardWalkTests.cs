using System.Net;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Deadlines.ListObligations;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Incidents.Reporting;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Incidents.Verification;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13, acceptance 7 (fake clock): a county (昆都仑区) and its prefecture (包头市) walk a blizzard (暴雪, 11B04)
/// end to end through the API — first report, phone report, 签收, 转报, 核报, a follow-up raising the level to Ⅲ,
/// a leader's instruction, 终报 — and every obligation shows what is owed, by whom, to whom, by when, and whether
/// and why it is met, at each step.
/// </summary>
public abstract class BlizzardWalkTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string CountyRoomName = "昆都仑区人民政府总值班室";

    [Fact]
    public async Task A_blizzard_walked_from_first_report_to_final_report_shows_every_obligation_in_its_right_state_and_ends_with_all_met_and_the_incident_closed()
    {
        var t0 = Beacon.Clock.GetUtcNow();

        // 1. First report at Ⅳ: the seeded region rule covers Ⅲ and above (and sensitive events), so nothing is owed yet.
        var county = await Beacon.SignInAsync("duty.150203");
        var first = await county.PostJsonAsync("/api/v1/incidents", Blizzard(t0));
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync(Ct));
        var created = await first.ReadAsync<ReportedIncident>();
        Assert.Empty(created.Obligations);
        var detail = await DetailAsync(county, created.Id);
        Assert.Equal(Severity.IV, detail.Incident.Severity);
        Assert.Null(detail.Reports.Single().ProposedSeverity);
        Assert.Empty(detail.Obligations);
        Assert.Empty(await ObligationsAsync("duty.150203", created.Id, includeMet: true));
        var pending = Assert.Single(await InboxAsync("duty.150200"), w => w.IncidentId == created.Id);
        Assert.Null(pending.SignedAt);
        Assert.DoesNotContain(await InboxAsync("duty.150000"), w => w.IncidentId == created.Id);

        // 2. The county calls its prefecture's duty room, the first of the duty rooms above it.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        county = await Beacon.SignInAsync("duty.150203");
        var above = await (await county.GetAsync("/api/v1/duty-rooms/above", Ct)).ReadAsync<List<DutyRoomAbove>>();
        Assert.Equal(["150200", "150000"], above.Select(r => r.JurisdictionCode));
        Assert.Equal([JurisdictionLevel.Prefecture, JurisdictionLevel.Region], above.Select(r => r.Level));
        var (prefectureRoom, regionRoom) = (above[0].Id, above[1].Id);
        Assert.Equal(HttpStatusCode.Created, (await CallAsync(county, created.Id, prefectureRoom)).StatusCode);
        detail = await DetailAsync(county, created.Id);
        var call = Assert.Single(detail.PhoneReports);
        Assert.Contains("包头", call.ToUnit, StringComparison.Ordinal);
        Assert.False(call.IsLateEntry);
        Assert.Empty(detail.Obligations);

        // 3. The prefecture signs (签收) and forwards (转报上级) to the region.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { assessment = "已与昆都仑区核实，雪情属实" })).StatusCode);
        Assert.NotNull(Assert.Single(await InboxAsync("duty.150200"), w => w.IncidentId == created.Id).SignedAt);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        var forwardedAt = Beacon.Clock.GetUtcNow();
        prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "包头市研判：暴雪致交通受阻，转报自治区" })).StatusCode);
        var atRegion = Assert.Single(await InboxAsync("duty.150000"), w => w.IncidentId == created.Id);
        Assert.False(atRegion.SkipsLevel);
        Assert.False(atRegion.IsNotification);
        Assert.Null(atRegion.SignedAt);
        Assert.Empty((await DetailAsync(await Beacon.SignInAsync("duty.150203"), created.Id)).Obligations);

        // 4. The region asks the county to verify (核报) about this incident; the county answers in time.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        var region = await Beacon.SignInAsync("duty.150000");
        var countyRoom = await DutyRoomAsync("150203");
        var asking = await region.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = countyRoom,
            clue = "网传昆都仑区暴雪致多车被困，请核实被困人数",
            source = "微博",
            incidentId = created.Id,
        });
        Assert.True(asking.StatusCode == HttpStatusCode.Created, await asking.Content.ReadAsStringAsync(Ct));
        var asked = await asking.ReadAsync<VerificationView>();
        Assert.Equal(created.Id, asked.IncidentId);
        Assert.Equal(TimeSpan.FromMinutes(40), asked.DueAt - asked.RequestedAt);
        county = await Beacon.SignInAsync("duty.150203");
        var toAnswer = Assert.Single(await county.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct), v => v.Id == asked.Id);
        Assert.Equal(ObligationStatus.OnTime, toAnswer.Status);
        Assert.Null(toAnswer.AnsweredAt);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(15));
        county = await Beacon.SignInAsync("duty.150203");
        var answered = await county.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/answer",
            new { result = "PartlyConfirmed", text = "经核实，G6高速昆都仑段有12辆车被困，无人员伤亡，网传“多人遇难”不实。" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var verification = await answered.ReadAsync<VerificationView>();
        Assert.Equal(ObligationStatus.Met, verification.Status);
        Assert.Equal(VerificationResult.PartlyConfirmed, verification.Result);

        // 5. A follow-up declaring Ⅲ (暴雪 has no figure thresholds: the declared level rules) raises the level; the
        // region rule now owes the region a call in 20 minutes and a written report in 40, counted from the raise.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(25));
        var raisedAt = Beacon.Clock.GetUtcNow();
        county = await Beacon.SignInAsync("duty.150203");
        var raising = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", Report("FollowUp", "III", trapped: 40));
        Assert.True(raising.StatusCode == HttpStatusCode.Created, await raising.Content.ReadAsStringAsync(Ct));
        var raised = await raising.ReadAsync<SubmittedReport>();
        Assert.Equal(2, raised.Sequence);
        Assert.True(raised.LevelRaised);
        Assert.Equal(Severity.III, raised.Severity);
        Assert.Null(raised.ProposedSeverity);
        Assert.Empty(raised.SentTo);
        Assert.Equal(3, raised.Obligations.Count);
        var phone = raised.Obligations.Single(o => o.Channel == ReportChannel.Phone);
        Assert.Equal((ReportKind.First, 1), (phone.Kind, phone.Sequence));
        Assert.Equal(regionRoom, phone.OwedUnitId);
        Assert.Equal("自治区总值班室", phone.ReportTo);
        Assert.Equal(raisedAt, phone.StartsAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(raisedAt.AddMinutes(20), phone.DueAt, TimeSpan.FromMilliseconds(1));
        Assert.Null(phone.MetAt);
        Assert.Equal(ObligationStatus.OnTime, phone.Status);
        // The county's call to the prefecture does not meet a call owed to the region.
        Assert.Equal(ObligationReasons.CallElsewhere, phone.Reason);
        var written = raised.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First);
        Assert.Equal(regionRoom, written.OwedUnitId);
        Assert.Equal(raisedAt.AddMinutes(40), written.DueAt, TimeSpan.FromMilliseconds(1));
        // The region already has the incident (the prefecture forwarded it): the written report has been received there.
        Assert.Equal(ObligationStatus.Met, written.Status);
        Assert.Equal(ObligationReasons.Received, written.Reason);
        Assert.Equal(forwardedAt, written.MetAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(t0, written.FiledAt!.Value, TimeSpan.FromMilliseconds(1));
        var nextFollowUp = raised.Obligations.Single(o => o.Kind == ReportKind.FollowUp);
        Assert.Equal((ReportChannel.Written, 3), (nextFollowUp.Channel, nextFollowUp.Sequence));
        Assert.Equal(raisedAt.AddHours(24), nextFollowUp.DueAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationStatus.OnTime, nextFollowUp.Status);
        Assert.Equal(ObligationReasons.NotFiled, nextFollowUp.Reason);
        detail = await DetailAsync(county, created.Id);
        Assert.Equal(Severity.III, detail.Incident.Severity);
        Assert.Equal(40, detail.Incident.Casualties.Trapped);

        // Every level sees the same obligations, owed by the county's duty room; the board lists only the open ones.
        foreach (var login in new[] { "duty.150203", "duty.150200", "duty.150000" })
        {
            var board = await ObligationsAsync(login, created.Id, includeMet: true);
            Assert.Equal(3, board.Count);
            Assert.All(board, o => Assert.Equal(CountyRoomName, o.UnitName));
            var open = await ObligationsAsync(login, created.Id, includeMet: false);
            Assert.Equal([ReportKind.First, ReportKind.FollowUp], open.Select(o => o.Obligation.Kind));
            Assert.Equal(ReportChannel.Phone, open[0].Obligation.Channel);
        }

        Assert.Empty(await ObligationsAsync("duty.150204", created.Id, includeMet: true));

        // 6. The call to the region comes a minute late: overdue, then met late, with its reason.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(21));
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(ObligationStatus.Overdue, (await ObligationAsync(county, created.Id, ReportChannel.Phone, ReportKind.First)).Status);
        var calledRegion = Beacon.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Created, (await CallAsync(county, created.Id, regionRoom)).StatusCode);
        phone = await ObligationAsync(county, created.Id, ReportChannel.Phone, ReportKind.First);
        Assert.Equal(ObligationStatus.MetLate, phone.Status);
        Assert.Equal(ObligationReasons.Called, phone.Reason);
        Assert.Equal(calledRegion, phone.MetAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal([ReportKind.FollowUp], (await ObligationsAsync("duty.150200", created.Id, includeMet: false)).Select(o => o.Obligation.Kind));

        // 7. The prefecture's leader instructs the county; the county signs and reports progress, not yet done.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(10));
        var leader = await Beacon.SignInAsync("leader.150200");
        var issuing = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "请全力疏导被困车辆，做好被困人员保暖和物资保障，及时报告进展。",
            toUnitIds = new[] { countyRoom },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(4),
        });
        Assert.True(issuing.StatusCode == HttpStatusCode.Created, await issuing.Content.ReadAsStringAsync(Ct));
        var instruction = await issuing.ReadAsync<InstructionView>();
        Assert.Equal(InstructionStatus.InProgress, instruction.Status);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        county = await Beacon.SignInAsync("duty.150203");
        var part = Assert.Single(instruction.Assignments);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/instruction-assignments/{part.Id}/sign", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/instruction-assignments/{part.Id}/feedback",
            new { text = "已组织除雪车辆和交警疏导，被困车辆正在逐步驶离。", isFinal = false })).StatusCode);
        var progress = await (await county.GetAsync($"/api/v1/instructions/{instruction.Id}", Ct)).ReadAsync<InstructionView>();
        Assert.Equal(InstructionStatus.InProgress, progress.Status);
        Assert.NotNull(progress.Assignments.Single().SignedAt);

        // 8. 终报 with the instruction unfinished: refused 409 coded; confirmed with a reason, it closes the incident.
        Beacon.Clock.Advance(TimeSpan.FromMinutes(30));
        county = await Beacon.SignInAsync("duty.150203");
        var refused = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", Report("Final", "III", trapped: 0));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(IncidentErrors.FinalOpenInstructions, await refused.CodeAsync());
        Assert.Equal(IncidentStatus.Open, (await DetailAsync(county, created.Id)).Incident.Status);
        Assert.Equal(ObligationStatus.OnTime, (await ObligationAsync(county, created.Id, ReportChannel.Written, ReportKind.FollowUp)).Status);

        var closedAt = Beacon.Clock.GetUtcNow();
        var closing = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports",
            Report("Final", "III", trapped: 0, confirm: true, reason: "被困车辆已全部疏导，批示落实情况另行反馈"));
        Assert.True(closing.StatusCode == HttpStatusCode.Created, await closing.Content.ReadAsStringAsync(Ct));
        Assert.False((await closing.ReadAsync<SubmittedReport>()).LevelRaised);

        detail = await DetailAsync(county, created.Id);
        Assert.Equal(IncidentStatus.Closed, detail.Incident.Status);
        Assert.Equal(Severity.III, detail.Incident.Severity);
        Assert.Equal([ReportKind.First, ReportKind.FollowUp, ReportKind.Final], detail.Reports.Select(r => r.Kind));
        Assert.Equal("被困车辆已全部疏导，批示落实情况另行反馈", detail.Reports[^1].FinalConfirmation);
        Assert.Equal(2, detail.PhoneReports.Count);
        Assert.Equal(3, detail.Obligations.Count);
        Assert.All(detail.Obligations, o => Assert.NotNull(o.MetAt));
        Assert.Equal(
            [(ReportChannel.Phone, ReportKind.First, ObligationStatus.MetLate, ObligationReasons.Called),
             (ReportChannel.Written, ReportKind.First, ObligationStatus.Met, ObligationReasons.Received),
             (ReportChannel.Written, ReportKind.FollowUp, ObligationStatus.Met, ObligationReasons.Received)],
            detail.Obligations.OrderBy(o => o.Channel).ThenBy(o => o.Kind).Select(o => (o.Channel, o.Kind, o.Status, o.Reason)));
        // The final report is the next report the rule asked for: it reached the region when filed.
        Assert.Equal(closedAt, detail.Obligations.Single(o => o.Kind == ReportKind.FollowUp).MetAt!.Value, TimeSpan.FromMilliseconds(1));
        foreach (var login in new[] { "duty.150203", "duty.150200", "duty.150000" })
        {
            Assert.Empty(await ObligationsAsync(login, created.Id, includeMet: false));
        }

        // Nothing new is owed after the close, however long the clock runs.
        Beacon.Clock.Advance(TimeSpan.FromDays(2));
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(3, (await DetailAsync(county, created.Id)).Obligations.Count);
        Assert.Empty(await ObligationsAsync("duty.150203", created.Id, includeMet: false));
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", Report("FollowUp", "III", trapped: 0))).StatusCode);
    }

    internal static Dictionary<string, object?> Blizzard(DateTimeOffset learnedAt) => new()
    {
        ["title"] = "昆都仑区暴雪致道路交通受阻",
        ["eventTypeCode"] = "11B04",
        ["severity"] = "IV",
        ["isSensitive"] = false,
        ["occurredAt"] = learnedAt.AddMinutes(-30),
        ["learnedAt"] = learnedAt,
        ["locationCode"] = "150203",
        ["address"] = "包头市昆都仑区G6京藏高速昆都仑段",
        ["trapped"] = 12,
        ["source"] = "Phone",
        ["narrative"] = "受强降雪影响，G6京藏高速昆都仑段积雪严重，部分车辆滞留。",
        ["measures"] = "交警、路政已赶赴现场疏导。",
        ["signer"] = "王主任",
        ["phone"] = "0472-2100000",
    };

    private static object Report(string kind, string severity, int trapped, bool confirm = false, string? reason = null) => new
    {
        kind,
        severity,
        isSensitive = false,
        trapped,
        evacuated = 60,
        narrative = "暴雪持续，被困车辆和人员情况经核实更新。",
        measures = "调集除雪车辆，设置临时安置点。",
        signer = "张值班",
        confirmOpenInstructions = confirm,
        confirmationReason = reason,
    };

    private Task<HttpResponseMessage> CallAsync(HttpClient client, Guid incident, Guid to) =>
        client.PostJsonAsync($"/api/v1/incidents/{incident}/phone-reports", new
        {
            toUnitId = to,
            caller = "张值班",
            callee = "值班员",
            calledAt = Beacon.Clock.GetUtcNow(),
            summary = "电话报告暴雪致车辆被困情况",
        });

    private static async Task<IncidentDetail> DetailAsync(HttpClient client, Guid incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}", Ct)).ReadAsync<IncidentDetail>();

    private static async Task<ObligationView> ObligationAsync(HttpClient client, Guid incident, ReportChannel channel, ReportKind kind) =>
        (await DetailAsync(client, incident)).Obligations.Single(o => o.Channel == channel && o.Kind == kind);

    private async Task<List<BoardObligation>> ObligationsAsync(string login, Guid incident, bool includeMet) =>
        [.. (await (await Beacon.SignInAsync(login)).GetAllPagesAsync<BoardObligation>($"/api/v1/obligations?includeMet={(includeMet ? "true" : "false")}", Ct))
            .Where(o => o.Obligation.IncidentId == incident)];

    private async Task<List<InboxItem>> InboxAsync(string login) =>
        await (await Beacon.SignInAsync(login)).GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct);

    private async Task<Guid> DutyRoomAsync(string code)
    {
        await using var db = Beacon.Db();
        return await db.Units.Where(u => u.Jurisdiction!.Code == code && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).Select(u => u.Id).FirstAsync(Ct);
    }
}

public sealed class BlizzardWalkTestsOnSqlite(SqliteBeacon beacon) : BlizzardWalkTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class BlizzardWalkTestsOnPostgres(PostgresBeacon beacon) : BlizzardWalkTests(beacon), IClassFixture<PostgresBeacon>;
