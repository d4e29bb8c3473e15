using System.Net;
using System.Net.Http.Json;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting.LeaderApproval;
using Beacon.Platform.Permissions;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// 上报前需带班领导审核 (issue 13 item 6, decision 0039): with a jurisdiction's rule on, a report leaving it upward is
/// held as 待审核 until a leader of the sending unit approves it (delivered then) or returns it with a reason; with the
/// rule off nothing changes. Every test sets the rules it relies on, so their order does not matter.
/// </summary>
public abstract class LeaderApprovalTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task With_the_rule_on_a_county_first_report_reaches_the_prefecture_only_when_the_county_leader_approves()
    {
        await SetRuleAsync("admin.150203", "150203", true);
        var county = await Beacon.SignInAsync("duty.150203");
        var reported = await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var created = await reported.ReadAsync<ReportedIncident>();
        Assert.True(created.AwaitingApproval);

        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.DoesNotContain(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);
        var held = Assert.Single(await (await county.GetAsync($"/api/v1/incidents/{created.Id}/approvals", Ct)).ReadAsync<List<ApprovalView>>());
        Assert.Equal(ApprovalState.Pending, held.State);
        Assert.Equal(HeldDelivery.FirstReport, held.Delivery);
        Assert.Equal("昆都仑区人民政府总值班室", held.FromUnit);
        var before = await (await county.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Empty(before.Chain);

        // A duty officer cannot approve: refused by the permission, with its code.
        var byOfficer = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
        Assert.Equal(PermissionCheck.DeniedCode, await byOfficer.CodeAsync());
        // The prefecture's leader is not the county's: nothing of its own unit awaits it.
        var byPrefecture = await (await Beacon.SignInAsync("onduty.150200")).PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, byPrefecture.StatusCode);
        Assert.Equal(IncidentErrors.ApprovalNothingPending, await byPrefecture.CodeAsync());
        Assert.DoesNotContain(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(7));
        var leader = await Beacon.SignInAsync("onduty.150203");
        var approved = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { note = "同意上报" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(ApprovalState.Approved, Assert.Single(await approved.ReadAsync<List<ApprovalView>>()).State);

        var arrived = Assert.Single(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct), w => w.IncidentId == created.Id);
        Assert.Equal(Beacon.Clock.GetUtcNow(), arrived.SubmittedAt, TimeSpan.FromMilliseconds(1));
        var again = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await SetRuleAsync("admin.150203", "150203", false);
    }

    [Fact]
    public async Task A_return_with_a_reason_leaves_it_undelivered_and_visible_to_the_officer_who_resubmits()
    {
        await SetRuleAsync("admin.150203", "150203", true);
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var leader = await Beacon.SignInAsync("onduty.150203");

        var noReason = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/return", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", await noReason.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var returned = await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/return", new { reason = "伤亡人数请核实后再报" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.DoesNotContain(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);

        var seen = Assert.Single(await (await county.GetAsync($"/api/v1/incidents/{created.Id}/approvals", Ct)).ReadAsync<List<ApprovalView>>());
        Assert.Equal(ApprovalState.Returned, seen.State);
        Assert.Equal("伤亡人数请核实后再报", seen.Note);
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { })).StatusCode);

        // The officer corrects the figures (续报) and resubmits; the leader approves; then it arrives.
        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports",
            new { kind = "FollowUp", severity = "III", narrative = "核实后：无人员伤亡。", signer = "王值班" })).StatusCode);
        var resubmitted = await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/resubmit", new { note = "已核实" });
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        Assert.Equal(ApprovalState.Pending, Assert.Single(await resubmitted.ReadAsync<List<ApprovalView>>()).State);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { })).StatusCode);
        Assert.Contains(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);
        await SetRuleAsync("admin.150203", "150203", false);
    }

    [Fact]
    public async Task A_neighbouring_county_cannot_approve_nor_set_the_rule_and_the_rule_holds_only_from_its_level()
    {
        await SetRuleAsync("admin.150204", "150204", true);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        var created = await (await neighbour.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), location: "150204"))).ReadAsync<ReportedIncident>();
        Assert.True(created.AwaitingApproval);

        var otherLeader = await Beacon.SignInAsync("onduty.150203");
        var approve = await otherLeader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { });
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(IncidentErrors.NotFound, await approve.CodeAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await otherLeader.PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/return", new { reason = "越界退回" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLeader.GetAsync($"/api/v1/incidents/{created.Id}/approvals", Ct)).StatusCode);
        var admin = await Beacon.SignInAsync("admin.150203");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/v1/report-approval-rules/150204", new { isRequired = false }, BeaconFactory.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/report-approval-rules/150204", Ct)).StatusCode);
        var notAssessed = await admin.PutAsJsonAsync("/api/v1/report-approval-rules/150203", new { isRequired = true, minSeverity = "NotAssessed" }, BeaconFactory.Json, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notAssessed.StatusCode);
        Assert.Equal(IncidentErrors.ApprovalRuleMinSeverity, await notAssessed.CodeAsync());

        // Only from Ⅱ up: a Ⅲ report goes at once, a Ⅱ report is held.
        await SetRuleAsync("admin.150203", "150203", true, "II");
        var county = await Beacon.SignInAsync("duty.150203");
        var third = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), "III"))).ReadAsync<ReportedIncident>();
        var second = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), "II"))).ReadAsync<ReportedIncident>();
        Assert.False(third.AwaitingApproval);
        Assert.True(second.AwaitingApproval);
        await SetRuleAsync("admin.150203", "150203", false);
        await SetRuleAsync("admin.150204", "150204", false);
    }

    [Fact]
    public async Task With_the_rule_off_a_first_report_goes_up_at_once_and_a_held_forward_waits_for_the_prefecture_leader()
    {
        await SetRuleAsync("admin.150203", "150203", false);
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        Assert.False(created.AwaitingApproval);
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Contains(await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct), w => w.IncidentId == created.Id);
        Assert.Empty(await (await county.GetAsync($"/api/v1/incidents/{created.Id}/approvals", Ct)).ReadAsync<List<ApprovalView>>());

        // The prefecture's own rule holds its 转报上级 until its leader approves.
        await SetRuleAsync("admin.150200", "150200", true);
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "研判后转报自治区" })).StatusCode);
        var region = await Beacon.SignInAsync("duty.150000");
        Assert.DoesNotContain(await region.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);
        var twice = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "再次转报" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(IncidentErrors.ApprovalAlreadyHeld, await twice.CodeAsync());

        Beacon.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await (await Beacon.SignInAsync("leader.150200")).PostJsonAsync($"/api/v1/incidents/{created.Id}/approvals/approve", new { })).StatusCode);
        var arrived = Assert.Single(await region.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);
        Assert.Equal(Beacon.Clock.GetUtcNow(), arrived.SubmittedAt, TimeSpan.FromMilliseconds(1));
        var detail = await (await prefecture.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal("研判后转报自治区", detail.Chain.Single(c => c.FromUnit == "包头市人民政府总值班室").Assessment);
        Assert.NotNull(detail.Chain.Single(c => c.FromUnit == "昆都仑区人民政府总值班室").ForwardedAt);
        await SetRuleAsync("admin.150200", "150200", false);
    }

    private async Task SetRuleAsync(string admin, string code, bool on, string? minSeverity = null)
    {
        var client = await Beacon.SignInAsync(admin);
        var response = await client.PutAsJsonAsync($"/api/v1/report-approval-rules/{code}", new { isRequired = on, minSeverity }, BeaconFactory.Json, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var rule = await response.ReadAsync<ApprovalRuleView>();
        Assert.Equal(on, rule.IsRequired);
    }
}

public sealed class LeaderApprovalTestsOnSqlite(SqliteBeacon beacon) : LeaderApprovalTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class LeaderApprovalTestsOnPostgres(PostgresBeacon beacon) : LeaderApprovalTests(beacon), IClassFixture<PostgresBeacon>;
