using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Plans.Plans;
using Beacon.Plans.Response;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Plans.Tests;

/// <summary>Issue 16: the plan register, response levels with criteria, activation on an incident and the member units' tasks.</summary>
public abstract class PlanTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_special_plan_is_proposed_at_level_II_a_leader_activates_it_units_complete_their_tasks_and_the_timeline_shows_it()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var room = await DutyRoomAsync(prefecture, "150203");
        var department = await UnitOfAsync("liaison.150203");
        var plan = await RegisterAsync(prefecture, "包头市燃气事故专项应急预案（测试一）", room, department);

        var incident = await ReportAsync(deaths: 12, injured: 20);
        var leader = await Beacon.SignInAsync("leader.150203");
        var proposals = await (await leader.GetAsync($"/api/v1/incidents/{incident}/plan-proposals", Ct)).ReadAsync<List<ProposalView>>();
        var proposal = Assert.Single(proposals, p => p.PlanId == plan.Id);
        Assert.Equal(ResponseLevel.II, proposal.SuggestedLevel);
        Assert.Contains("deaths >= 10 (12)", proposal.Why, StringComparison.Ordinal);

        var activated = await leader.PostJsonAsync($"/api/v1/incidents/{incident}/plan-activations", new { planId = plan.Id, level = "II" });
        Assert.Equal(HttpStatusCode.Created, activated.StatusCode);
        var activation = await activated.ReadAsync<ActivationView>();
        Assert.Equal(2, activation.Tasks.Count);
        Assert.Equal(HttpStatusCode.Conflict, (await leader.PostJsonAsync($"/api/v1/incidents/{incident}/plan-activations", new { planId = plan.Id, level = "II" })).StatusCode);

        var county = await Beacon.SignInAsync("duty.150203");
        var task = Assert.Single(await county.GetAllPagesAsync<TaskView>("/api/v1/plan-tasks", Ct), t => t.ActivationId == activation.Id);
        Assert.Equal("综合协调组", task.Group);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/plan-tasks/{task.Id}/sign", null, Ct)).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/plan-tasks/{task.Id}/complete", new { outcome = "已汇总信息并向市里报告。" })).StatusCode);
        var liaison = await Beacon.SignInAsync("liaison.150203");
        var other = Assert.Single(await liaison.GetAllPagesAsync<TaskView>("/api/v1/plan-tasks", Ct), t => t.ActivationId == activation.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsync($"/api/v1/plan-tasks/{other.Id}/sign", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await liaison.PostJsonAsync($"/api/v1/plan-tasks/{other.Id}/complete", new { outcome = "伤员已全部送医。" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await leader.PostJsonAsync($"/api/v1/plan-activations/{activation.Id}/level", new { level = "III", note = "险情得到控制" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.PostJsonAsync($"/api/v1/plan-activations/{activation.Id}/terminate", new { note = "处置完毕" })).StatusCode);

        var panel = Assert.Single(await (await leader.GetAsync($"/api/v1/incidents/{incident}/plan-activations", Ct)).ReadAsync<List<ActivationView>>());
        Assert.Equal(ActivationStatus.Terminated, panel.Status);
        Assert.Equal(
            [ActivationEntryKind.Activated, ActivationEntryKind.TaskSigned, ActivationEntryKind.TaskDone, ActivationEntryKind.TaskDone, ActivationEntryKind.LevelChanged, ActivationEntryKind.Terminated],
            panel.Timeline.Select(e => e.Kind).ToArray());
        Assert.All(panel.Tasks, t => Assert.NotNull(t.DoneAt));
        Assert.Contains(panel.Timeline, e => e.Kind == ActivationEntryKind.Activated && e.ByName != null && e.ByName != "leader.150203");

        await using var db = Beacon.Db();
        var audited = await db.AuditEntries.Where(a => a.EntityId == activation.Id.ToString()).Select(a => a.Action).ToListAsync(Ct);
        Assert.Contains("plan.activated", audited);
        Assert.Contains("plan.level-changed", audited);
        Assert.Contains("plan.terminated", audited);
    }

    [Fact]
    public async Task A_county_sees_its_plans_and_the_plans_above_but_nothing_of_a_neighbouring_county()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var room = await DutyRoomAsync(prefecture, "150203");
        var above = await RegisterAsync(prefecture, "包头市燃气事故专项应急预案（范围）", room, room);
        var county = await Beacon.SignInAsync("duty.150203");
        var own = await RegisterAsync(county, "昆都仑区燃气事故专项应急预案（范围）", room, room);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        var neighbourRoom = await DutyRoomAsync(neighbour, "150204");
        var theirs = await RegisterAsync(neighbour, "青山区燃气事故专项应急预案（范围）", neighbourRoom, neighbourRoom);

        var seen = await county.GetAllPagesAsync<PlanView>("/api/v1/plans", Ct);
        Assert.Contains(seen, p => p.Id == above.Id && !p.Editable);
        Assert.Contains(seen, p => p.Id == own.Id && p.Editable);
        Assert.DoesNotContain(seen, p => p.Id == theirs.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/v1/plans/{theirs.Id}", Ct)).StatusCode);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<PlanView>("/api/v1/plans", Ct), p => p.Id == own.Id);

        // A county's incident, its response and its tasks stay out of the neighbour's reach.
        var incident = await ReportAsync(deaths: 12, injured: 0);
        var leader = await Beacon.SignInAsync("leader.150203");
        var activation = await (await leader.PostJsonAsync($"/api/v1/incidents/{incident}/plan-activations", new { planId = own.Id, level = "II" })).ReadAsync<ActivationView>();
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/incidents/{incident}/plan-proposals", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/incidents/{incident}/plan-activations", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/plan-activations/{activation.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostAsync($"/api/v1/plan-tasks/{activation.Tasks[0].Id}/sign", null, Ct)).StatusCode);
        var refused = await neighbour.PostJsonAsync($"/api/v1/plan-activations/{activation.Id}/terminate", new { note = "越界" });
        Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, refused.StatusCode.ToString());
        Assert.Equal(ActivationStatus.Active, (await (await leader.GetAsync($"/api/v1/plan-activations/{activation.Id}", Ct)).ReadAsync<ActivationView>()).Status);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<TaskView>("/api/v1/plan-tasks?filter=Mine", Ct), t => t.ActivationId == activation.Id);
    }

    [Fact]
    public async Task Review_due_dates_follow_the_configured_cycle_and_changing_the_cycle_changes_the_lists()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var room = await DutyRoomAsync(county, "150203");
        var today = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);
        var plan = await RegisterAsync(county, "昆都仑区燃气事故专项应急预案（评估）", room, room, approvedOn: today.AddMonths(-30));
        Assert.Equal(36, plan.ReviewCycleMonths);
        Assert.True(plan.UsesDefaultCycle);
        Assert.Equal(today.AddMonths(6), plan.ReviewDueOn);
        Assert.DoesNotContain(await ListAsync(county, "ReviewOverdue"), p => p.Id == plan.Id);
        Assert.DoesNotContain(await ListAsync(county, "ReviewDueSoon"), p => p.Id == plan.Id);

        var shorter = await ReviewAsync(county, plan.Id, plan.Version, new { reviewCycleMonths = 24 });
        Assert.Equal(HttpStatusCode.OK, shorter.StatusCode);
        var overdue = await shorter.ReadAsync<PlanView>();
        Assert.Equal(ReviewState.Overdue, overdue.ReviewState);
        Assert.Contains(await ListAsync(county, "ReviewOverdue"), p => p.Id == plan.Id);

        var nearly = await (await ReviewAsync(county, plan.Id, overdue.Version, new { reviewCycleMonths = 32 })).ReadAsync<PlanView>();
        Assert.Equal(today.AddMonths(2), nearly.ReviewDueOn);
        Assert.DoesNotContain(await ListAsync(county, "ReviewOverdue"), p => p.Id == plan.Id);
        Assert.Contains(await ListAsync(county, "ReviewDueSoon"), p => p.Id == plan.Id);

        var reviewed = await (await ReviewAsync(county, plan.Id, nearly.Version, new { reviewCycleMonths = 32, lastReviewedOn = today })).ReadAsync<PlanView>();
        Assert.Equal(today.AddMonths(32), reviewed.ReviewDueOn);
        Assert.Equal(ReviewState.Ok, reviewed.ReviewState);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await ReviewAsync(county, plan.Id, plan.Version, new { reviewCycleMonths = 12 })).StatusCode);
    }

    [Fact]
    public async Task The_forms_name_plan_types_statuses_levels_and_drill_types_in_chinese_never_by_their_code()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var register = await county.GetStringAsync("/plans/new", Ct);
        Assert.Contains("专项预案", register, StringComparison.Ordinal);
        Assert.Contains("现行有效", register, StringComparison.Ordinal);
        var drill = await (await Beacon.SignInAsync("liaison.150203")).GetStringAsync("/drills/new", Ct);
        foreach (var html in new[] { register, drill })
        {
            foreach (var code in new[] { "Special", "InForce", "Tabletop", "DoubleBlind", ">II<", ">IV<" })
            {
                Assert.DoesNotContain(code, html, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("criteria", "levels[0].criteria", PlansErrors.CriteriaUnparsable)]
    [InlineData("no-groups", "levels[1].groups", PlansErrors.LevelWithoutGroups)]
    [InlineData("overlap", "versions[1].effectiveFrom", PlansErrors.VersionsOverlap)]
    [InlineData("no-units", "levels[0].groups[0].memberUnitIds", PlansErrors.GroupWithoutUnits)]
    public async Task Bad_plans_get_400_naming_the_problem_and_nothing_is_stored(string problem, string field, string code)
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var room = await DutyRoomAsync(county, "150203");
        var title = $"错误预案（{problem}）";
        var body = PlanBody(title, room, room);
        var levels = (List<object>)body["levels"]!;
        switch (problem)
        {
            case "criteria":
                levels[0] = Level("II", "deaths >>= ten", Group("综合协调组", room));
                break;
            case "no-groups":
                levels[1] = new { level = "III", criteria = "deaths >= 3", groups = Array.Empty<object>() };
                break;
            case "no-units":
                levels[0] = Level("II", "deaths >= 10", new { name = "综合协调组", memberUnitIds = Array.Empty<Guid>(), duties = "协调" });
                break;
            default:
                body["versions"] = new object[]
                {
                    new { label = "2020版", effectiveFrom = "2020-01-01", effectiveTo = "2024-06-30" },
                    new { label = "2024版", effectiveFrom = "2024-01-01" },
                };
                break;
        }

        var response = await county.PostJsonAsync("/api/v1/plans", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(code, await response.FieldCodesAsync(field));
        await using var db = Beacon.Db();
        Assert.False(await db.Set<Plan>().AnyAsync(p => p.Title == title, Ct));
    }

    internal static Dictionary<string, object?> PlanBody(string title, Guid coordination, Guid medical, DateOnly? approvedOn = null) => new()
    {
        ["title"] = title,
        ["type"] = "Special",
        ["status"] = "InForce",
        ["eventTypeCodes"] = new[] { "12C" },
        ["documentNumber"] = "包府办发〔2025〕1号",
        ["approvedOn"] = approvedOn,
        ["levels"] = new List<object>
        {
            Level("II", "deaths >= 10 or injured >= 50", Group("综合协调组", coordination), Group("医疗救治组", medical)),
            Level("III", "deaths >= 3 or injured >= 10", Group("综合协调组", coordination)),
        },
        ["versions"] = new object[] { new { label = "2025版", effectiveFrom = "2025-01-01", changeSummary = "首次发布" } },
    };

    private static object Level(string level, string criteria, params object[] groups) => new { level, criteria, groups };

    private static object Group(string name, Guid unit) => new { name, memberUnitIds = new[] { unit }, duties = $"{name}职责", checklist = new[] { "30分钟内报告" }, taskHours = 2 };

    internal static async Task<PlanView> RegisterAsync(HttpClient client, string title, Guid coordination, Guid medical, DateOnly? approvedOn = null)
    {
        var response = await client.PostJsonAsync("/api/v1/plans", PlanBody(title, coordination, medical, approvedOn));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<PlanView>();
    }

    internal async Task<Guid> ReportAsync(int deaths, int injured)
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var now = Beacon.Clock.GetUtcNow();
        var response = await county.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区某小区燃气爆炸",
            ["eventTypeCode"] = "12C01",
            ["severity"] = "II",
            ["isSensitive"] = false,
            ["occurredAt"] = now.AddMinutes(-10),
            ["learnedAt"] = now.AddMinutes(-5),
            ["locationCode"] = "150203",
            ["deaths"] = deaths,
            ["injured"] = injured,
            ["source"] = "Phone",
            ["narrative"] = "燃气爆炸，伤亡情况核实中。",
            ["signer"] = "值班员",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> UnitOfAsync(string account) =>
        (await (await (await Beacon.SignInAsync(account)).GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;

    private static async Task<Guid> DutyRoomAsync(HttpClient client, string code) =>
        (await client.GetAllPagesAsync<UnitView>($"/api/v1/units?jurisdiction={code}&kind=DutyRoom", Ct)).Single().Id;

    private static Task<List<PlanView>> ListAsync(HttpClient client, string filter) => client.GetAllPagesAsync<PlanView>($"/api/v1/plans?filter={filter}", Ct);

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient client, Guid id, int version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/plans/{id}/review") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }
}

public sealed class PlanTestsOnSqlite(SqliteBeacon beacon) : PlanTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class PlanTestsOnPostgres(PostgresBeacon beacon) : PlanTests(beacon), IClassFixture<PostgresBeacon>;
