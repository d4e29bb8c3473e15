using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Units.ListUnits;
using Beacon.Platform.Workbench;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 12, item 5: the incidents' to-do items on the workbench (工作台) reach the person who must act, in the order
/// that suits their role, leave when done, and never reach a neighbouring county or a role that may not act.
/// </summary>
public abstract class WorkbenchTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_county_first_report_awaits_the_prefecture_duty_officers_signature_first_and_leaves_when_signed()
    {
        var incident = await ReportAsync();
        var prefecture = await Beacon.SignInAsync("duty.150200");

        var board = await WorkbenchAsync(prefecture);
        Assert.Equal("incident.sign-for", board.Groups[0].Kind);
        var item = Assert.Single(board.Groups[0].Items, i => i.Number == incident.Number);
        Assert.Equal("待签收", board.Groups[0].Title);
        Assert.Equal($"incidents/{incident.Id}", item.Href);
        Assert.Contains("昆都仑区", item.From, StringComparison.Ordinal);

        // The county owes its reports; the neighbour, the prefecture's viewer and its leader (who may not sign) see nothing of it.
        Assert.Contains(Items(await WorkbenchAsync(await Beacon.SignInAsync("duty.150203"))), i => i.Kind == "incident.obligation" && i.Number == incident.Number && i.DueAt is not null);
        await AssertNothingOfAsync("duty.150204", incident.Number);
        await AssertNothingOfAsync("viewer.150200", incident.Number);
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync("leader.150200"))), i => i.Kind == "incident.sign-for" && i.Number == incident.Number);

        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/sign", new { })).StatusCode);
        Assert.DoesNotContain(Items(await WorkbenchAsync(prefecture)), i => i.Kind == "incident.sign-for" && i.Number == incident.Number);
    }

    [Fact]
    public async Task A_proposal_awaits_the_leader_of_its_level_first_and_the_instruction_then_awaits_the_county_until_carried_out()
    {
        var incident = await ReportAsync();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var countyRoom = await DutyRoomAsync(prefecture, "150203");
        var proposal = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Proposal",
            text = "拟请昆都仑区政府组织救援，做好现场处置。",
            toUnitIds = new[] { countyRoom },
        })).ReadAsync<InstructionView>();

        var leader = await Beacon.SignInAsync("leader.150200");
        var board = await WorkbenchAsync(leader);
        Assert.Equal("incident.instruct", board.Groups[0].Kind);
        Assert.Equal("待批示", board.Groups[0].Title);
        Assert.Contains(board.Groups[0].Items, i => i.Key == proposal.Id.ToString() && i.Number == incident.Number);
        // Only the leaders of the proposing level: not the region's leader, not the duty room, not the neighbour.
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync("leader.150000"))), i => i.Key == proposal.Id.ToString());
        Assert.DoesNotContain(Items(await WorkbenchAsync(prefecture)), i => i.Kind == "incident.instruct");
        await AssertNothingOfAsync("duty.150204", incident.Number);

        var instruction = await (await leader.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "同意。请全力处置，及时报告进展。",
            toUnitIds = new[] { countyRoom },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(1),
            proposalId = proposal.Id,
        })).ReadAsync<InstructionView>();
        Assert.DoesNotContain(Items(await WorkbenchAsync(leader)), i => i.Key == proposal.Id.ToString());

        var county = await Beacon.SignInAsync("duty.150203");
        var part = instruction.Assignments.Single();
        var toCarryOut = Assert.Single(Items(await WorkbenchAsync(county)), i => i.Kind == "incident.carry-out" && i.Key == part.Id.ToString());
        Assert.Equal(instruction.DueAt!.Value, toCarryOut.DueAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Contains("待签收", toCarryOut.Title, StringComparison.Ordinal);
        await AssertNothingOfAsync("duty.150204", incident.Number);

        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/instruction-assignments/{part.Id}/sign", null, Ct)).StatusCode);
        Assert.Contains("待反馈", Assert.Single(Items(await WorkbenchAsync(county)), i => i.Key == part.Id.ToString()).Title, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/instruction-assignments/{part.Id}/feedback",
            new { text = "现场处置完毕。", isFinal = true })).StatusCode);
        Assert.DoesNotContain(Items(await WorkbenchAsync(county)), i => i.Key == part.Id.ToString());
    }

    [Fact]
    public async Task A_verification_request_awaits_the_asked_county_with_its_deadline_and_leaves_when_answered()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var asked = await (await prefecture.PostJsonAsync("/api/v1/verification-requests", new
        {
            toUnitId = await DutyRoomAsync(prefecture, "150203"),
            clue = "网传昆都仑区某小区发生火灾，请核实。",
            source = "网络舆情",
            dueMinutes = 10,
        })).ReadAsync<Verification.RequestVerification.VerificationView>();

        var county = await Beacon.SignInAsync("duty.150203");
        var item = Assert.Single(Items(await WorkbenchAsync(county)), i => i.Kind == "incident.verify" && i.Key == asked.Id.ToString());
        Assert.Equal(asked.DueAt, item.DueAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(WorkItemUrgency.Normal, item.Urgency);
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync("duty.150204"))), i => i.Key == asked.Id.ToString());
        Assert.DoesNotContain(Items(await WorkbenchAsync(prefecture)), i => i.Key == asked.Id.ToString());

        Beacon.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(WorkItemUrgency.Overdue, Assert.Single(Items(await WorkbenchAsync(county)), i => i.Key == asked.Id.ToString()).Urgency);

        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/verification-requests/{asked.Id}/answer",
            new { result = "Unfounded", text = "经核实，系误传。" })).StatusCode);
        Assert.DoesNotContain(Items(await WorkbenchAsync(county)), i => i.Key == asked.Id.ToString());
    }

    [Fact]
    public async Task The_workbench_needs_a_signed_in_caller()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Beacon.Anonymous().GetAsync("/api/v1/workbench", Ct)).StatusCode);
    }

    private async Task AssertNothingOfAsync(string user, string number) =>
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync(user))), i => i.Number == number || i.Title.Contains(number, StringComparison.Ordinal));

    private static IEnumerable<WorkItem> Items(WorkbenchView view) => view.Groups.SelectMany(g => g.Items);

    private static async Task<WorkbenchView> WorkbenchAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/workbench", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.ReadAsync<WorkbenchView>();
        Assert.False(view.Incomplete);
        return view;
    }

    private async Task<ReportedIncident> ReportAsync()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var response = await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<ReportedIncident>();
    }

    private static async Task<Guid> DutyRoomAsync(HttpClient client, string code) =>
        (await client.GetAllPagesAsync<UnitView>($"/api/v1/units?jurisdiction={code}&kind=DutyRoom", Ct)).Single().Id;
}

public sealed class WorkbenchTestsOnSqlite(SqliteBeacon beacon) : WorkbenchTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class WorkbenchTestsOnPostgres(PostgresBeacon beacon) : WorkbenchTests(beacon), IClassFixture<PostgresBeacon>;
