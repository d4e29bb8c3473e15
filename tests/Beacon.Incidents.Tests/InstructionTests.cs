using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Handling (拟办 / 转办), leaders' instructions (领导批示) passed down with feedback (落实反馈), and supervision (督办).</summary>
public abstract class InstructionTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_leader_adopts_the_duty_rooms_proposal_each_unit_signs_and_reports_and_the_instruction_is_done_when_all_have()
    {
        var incident = await ReportAsync();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var countyRoom = await DutyRoomAsync(prefecture, "150203");
        var liaison = await Beacon.SignInAsync("liaison.150203");
        var department = (await (await liaison.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;

        var proposal = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Proposal",
            text = "拟请昆都仑区政府组织救援，区相关部门配合做好现场处置。",
            toUnitIds = new[] { countyRoom, department },
        })).ReadAsync<InstructionView>();
        Assert.Equal(InstructionStatus.Proposed, proposal.Status);
        Assert.Empty(proposal.Assignments);
        Assert.Equal(2, proposal.ProposedUnits.Count);
        var county = await Beacon.SignInAsync("duty.150203");
        Assert.DoesNotContain(await ListAsync(county, InstructionFilter.AwaitingMyFeedback), i => i.Id == proposal.Id);

        var leader = await Beacon.SignInAsync("leader.150200");
        var issued = await leader.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "同意。请全力搜救被困人员，防止次生灾害，及时报告进展。",
            toUnitIds = new[] { countyRoom, department },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(2),
            proposalId = proposal.Id,
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var instruction = await issued.ReadAsync<InstructionView>();
        Assert.Equal(InstructionKind.LeaderInstruction, instruction.Kind);
        Assert.False(string.IsNullOrWhiteSpace(instruction.LeaderName));
        Assert.Equal(InstructionStatus.InProgress, instruction.Status);
        Assert.Equal(2, instruction.Assignments.Count);
        Assert.Equal(InstructionStatus.Adopted, (await GetAsync(prefecture, proposal.Id)).Status);

        var mine = Assert.Single(await ListAsync(county, InstructionFilter.AwaitingMyFeedback), i => i.Id == instruction.Id);
        var countyPart = mine.Assignments.Single(a => a.UnitId == countyRoom);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(4));
        var signed = await county.PostAsync($"/api/v1/instruction-assignments/{countyPart.Id}/sign", null, Ct);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(Beacon.Clock.GetUtcNow(), (await signed.ReadAsync<InstructionView>()).Assignments.Single(a => a.UnitId == countyRoom).SignedAt!.Value, TimeSpan.FromMilliseconds(1));
        var signedAgain = await county.PostAsync($"/api/v1/instruction-assignments/{countyPart.Id}/sign", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, signedAgain.StatusCode);
        Assert.Equal(IncidentErrors.InstructionAlreadySigned, await signedAgain.CodeAsync());

        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/instruction-assignments/{countyPart.Id}/feedback",
            new { text = "已组织消防、医疗力量赶赴现场，搜救进行中。", isFinal = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/instruction-assignments/{countyPart.Id}/feedback",
            new { text = "被困人员已全部救出，现场处置完毕。", isFinal = true })).StatusCode);
        Assert.Equal(InstructionStatus.InProgress, (await GetAsync(prefecture, instruction.Id)).Status);
        Assert.DoesNotContain(await ListAsync(county, InstructionFilter.AwaitingMyFeedback), i => i.Id == instruction.Id);

        var departmentPart = (await GetAsync(prefecture, instruction.Id)).Assignments.Single(a => a.UnitId == department);
        var last = await liaison.PostJsonAsync($"/api/v1/instruction-assignments/{departmentPart.Id}/feedback", new { text = "已配合完成现场排查。", isFinal = true });
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);

        var done = await GetAsync(prefecture, instruction.Id);
        Assert.Equal(InstructionStatus.Done, done.Status);
        Assert.Equal(ObligationStatus.Met, done.DeadlineStatus);
        Assert.All(done.Assignments, a => Assert.NotNull(a.SignedAt));
        Assert.Equal(2, done.Assignments.Single(a => a.UnitId == countyRoom).Feedback.Count);
        Assert.DoesNotContain(await ListAsync(prefecture, InstructionFilter.Open), i => i.Id == instruction.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostJsonAsync($"/api/v1/instruction-assignments/{countyPart.Id}/feedback",
            new { text = "再次反馈", isFinal = true })).StatusCode);
        var audit = (await (await (await Beacon.SignInAsync("admin.150000")).GetAsync("/api/v1/audit?take=500", Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Contains("InstructionFeedback", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supervised_instruction_past_its_deadline_is_overdue_supervision_needs_if_match_and_late_feedback_is_met_late()
    {
        var incident = await ReportAsync();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var countyRoom = await DutyRoomAsync(prefecture, "150203");
        var referral = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区核查周边燃气管线并反馈。",
            toUnitIds = new[] { countyRoom },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(1),
        })).ReadAsync<InstructionView>();
        Assert.Equal(ObligationStatus.OnTime, referral.DeadlineStatus);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(61));
        prefecture = await Beacon.SignInAsync("duty.150200");
        var overdue = await GetAsync(prefecture, referral.Id);
        Assert.Equal(ObligationStatus.Overdue, overdue.DeadlineStatus);
        Assert.Equal(ObligationStatus.Overdue, overdue.Assignments.Single().Status);
        Assert.Contains(await ListAsync(prefecture, InstructionFilter.Open), i => i.Id == referral.Id);
        var counters = await (await prefecture.GetAsync("/api/v1/duty/counters", Ct)).ReadAsync<DutyCounters>();
        Assert.True(counters.SupervisedOverdue >= 1);
        var county = await Beacon.SignInAsync("duty.150203");
        Assert.True((await (await county.GetAsync("/api/v1/duty/counters", Ct)).ReadAsync<DutyCounters>()).AwaitingFeedback >= 1);

        var body = new { note = "请于今日 18 时前反馈核查结果。", dueAt = Beacon.Clock.GetUtcNow().AddHours(2) };
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await prefecture.PostJsonAsync($"/api/v1/instructions/{referral.Id}/supervision", body)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SuperviseAsync(prefecture, referral.Id, "\"99\"", body)).StatusCode);
        var got = await prefecture.GetAsync($"/api/v1/instructions/{referral.Id}", Ct);
        var supervised = await SuperviseAsync(prefecture, referral.Id, got.Headers.ETag!.Tag, body);
        Assert.Equal(HttpStatusCode.OK, supervised.StatusCode);
        var after = await supervised.ReadAsync<InstructionView>();
        Assert.Contains("请于今日 18 时前反馈核查结果。", after.SupervisionNotes, StringComparison.Ordinal);
        Assert.Equal(body.dueAt, after.DueAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationStatus.OnTime, after.DeadlineStatus);
        Assert.Equal(HttpStatusCode.Forbidden, (await SuperviseAsync(county, referral.Id, supervised.Headers.ETag!.Tag, body)).StatusCode);

        Beacon.Clock.Advance(TimeSpan.FromHours(3));
        county = await Beacon.SignInAsync("duty.150203");
        var part = (await GetAsync(county, referral.Id)).Assignments.Single();
        await county.PostJsonAsync($"/api/v1/instruction-assignments/{part.Id}/feedback", new { text = "核查完毕，未发现隐患。", isFinal = true });
        prefecture = await Beacon.SignInAsync("duty.150200");
        var late = await GetAsync(prefecture, referral.Id);
        Assert.Equal(ObligationStatus.MetLate, late.DeadlineStatus);
        Assert.Equal(ObligationStatus.MetLate, late.Assignments.Single().Status);
    }

    [Theory]
    [InlineData("a department liaison cannot refer", "liaison.150200", "Referral", null, "units", 0, null)]
    [InlineData("a duty officer recording a leader's instruction names the leader", "duty.150200", "LeaderInstruction", null, "units", 0, "leaderName")]
    [InlineData("at least one unit", "duty.150200", "Referral", null, "none", 0, "toUnitIds")]
    [InlineData("units outside the scope", "duty.150200", "Referral", null, "outside", 0, "toUnitIds")]
    [InlineData("a deadline in the past", "duty.150200", "Referral", null, "units", -5, "dueAt")]
    [InlineData("a proposal has no deadline", "duty.150200", "Proposal", null, "units", 60, "dueAt")]
    [InlineData("an unknown kind", "duty.150200", "Order", null, "units", 0, "kind")]
    public async Task Invalid_handling_gets_a_clear_answer_and_stores_nothing(string why, string who, string kind, string? leaderName, string units, int dueMinutes, string? field)
    {
        var incident = await ReportAsync();
        var client = await Beacon.SignInAsync(who);
        var region = await Beacon.SignInAsync("duty.150000");
        Guid[] toUnitIds = units switch
        {
            "none" => [],
            "outside" => [await DutyRoomAsync(region, "150100")],
            _ => [await DutyRoomAsync(region, "150203")],
        };

        var response = await client.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind,
            text = "请核实处置。",
            leaderName,
            toUnitIds,
            dueAt = dueMinutes == 0 ? (DateTimeOffset?)null : Beacon.Clock.GetUtcNow().AddMinutes(dueMinutes),
        });

        if (field is null)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, why);
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), why);
        }

        await using var db = Beacon.Db();
        Assert.DoesNotContain(db.Set<Instruction>().ToList(), i => i.IncidentId == incident.Id);
    }

    [Fact]
    public async Task A_neighbouring_county_neither_sees_nor_signs_nor_answers_nor_supervises_and_the_issuer_cannot_sign_for_a_unit_below()
    {
        var incident = await ReportAsync();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var referral = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区做好群众安置。",
            toUnitIds = new[] { await DutyRoomAsync(prefecture, "150203") },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(4),
        })).ReadAsync<InstructionView>();
        var part = referral.Assignments.Single();
        var neighbour = await Beacon.SignInAsync("duty.150204");

        Assert.DoesNotContain(await ListAsync(neighbour, InstructionFilter.All), i => i.Id == referral.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/instructions/{referral.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/incidents/{incident.Id}/instructions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/instruction-assignments/{part.Id}/sign", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/instruction-assignments/{part.Id}/feedback", new { text = "越界反馈", isFinal = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SuperviseAsync(neighbour, referral.Id, "*", new { note = "越界督办" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions",
            new { kind = "Referral", text = "越界转办", toUnitIds = new[] { part.UnitId } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await prefecture.PostAsync($"/api/v1/instruction-assignments/{part.Id}/sign", null, Ct)).StatusCode);

        await using var db = Beacon.Db();
        var stored = db.Set<InstructionAssignment>().Single(a => a.Id == part.Id);
        Assert.Null(stored.SignedAt);
        Assert.Null(db.Set<Instruction>().Single(i => i.Id == referral.Id).SupervisionNotes);
    }

    private async Task<ReportedIncident> ReportAsync()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var response = await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<ReportedIncident>();
    }

    private static async Task<List<InstructionView>> ListAsync(HttpClient client, InstructionFilter filter) =>
        await client.GetAllPagesAsync<InstructionView>($"/api/v1/instructions?filter={filter}", Ct);

    private static async Task<InstructionView> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/v1/instructions/{id}", Ct)).ReadAsync<InstructionView>();

    private static Task<HttpResponseMessage> SuperviseAsync(HttpClient client, Guid id, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instructions/{id}/supervision")
        {
            Content = JsonContent.Create(body, options: BeaconFactory.Json),
        };
        request.Headers.IfMatch.Add(etag == "*" ? EntityTagHeaderValue.Any : new EntityTagHeaderValue(etag));
        return client.SendAsync(request, Ct);
    }

    private static async Task<Guid> DutyRoomAsync(HttpClient client, string code) =>
        (await client.GetAllPagesAsync<UnitView>($"/api/v1/units?jurisdiction={code}&kind=DutyRoom", Ct)).Single().Id;
}

public sealed class InstructionTestsOnSqlite(SqliteBeacon beacon) : InstructionTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class InstructionTestsOnPostgres(PostgresBeacon beacon) : InstructionTests(beacon), IClassFixture<PostgresBeacon>;
