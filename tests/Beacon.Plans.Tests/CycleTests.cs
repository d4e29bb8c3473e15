using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Plans.Plans;
using Beacon.Plans.Plans.Cycles;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Plans.Tests;

/// <summary>
/// Issue 16, acceptance 4: review and drill due dates follow the cycles configured per plan type (data, on the cycles
/// page); changing a cycle changes the due and overdue lists at once; a drill held resets the drill clock. Its own
/// fixture: the cycles are one table for the deployment.
/// </summary>
public abstract class CycleTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Drill_and_review_due_dates_follow_the_cycles_of_each_plan_type_and_changing_a_cycle_changes_the_lists()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var room = (await county.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var today = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);

        // The defaults (DOMAIN: special and departmental plans are drilled at least every 3 years).
        var cycles = await county.GetAllPagesAsync<TypeCycle>("/api/v1/plan-cycles", Ct);
        Assert.Equal(Enum.GetValues<PlanType>(), cycles.Select(c => c.Type).ToArray());
        Assert.Equal(36, cycles.Single(c => c.Type == PlanType.Special).DrillCycleMonths);
        Assert.Equal(36, cycles.Single(c => c.Type == PlanType.Departmental).DrillCycleMonths);
        Assert.Null(cycles.Single(c => c.Type == PlanType.MajorEvent).DrillCycleMonths);
        Assert.All(cycles, c => Assert.True(c.IsDefault));

        var special = await RegisterAsync(county, "昆都仑区燃气事故专项应急预案（周期）", "Special", room, today.AddMonths(-30));
        var departmental = await RegisterAsync(county, "昆都仑区应急管理局部门应急预案（周期）", "Departmental", room, today.AddMonths(-40));
        Assert.Equal(today.AddMonths(6), special.DrillDueOn);
        Assert.Equal(ReviewState.Ok, special.DrillState);
        Assert.Equal(36, special.DrillCycleMonths);
        Assert.Null(special.LastDrilledOn);
        Assert.Equal(ReviewState.Overdue, departmental.DrillState);
        Assert.Equal([departmental.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));
        Assert.Empty(Mine(await ListAsync(county, "DrillDueSoon"), special, departmental));

        // An administrator shortens the special plans' drill cycle to 2 years: the special plan is now overdue too.
        var admin = await Beacon.SignInAsync("admin.150000");
        var changed = await PutCycleAsync(admin, PlanType.Special, 0, new { reviewCycleMonths = 36, drillCycleMonths = 24 });
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Ct));
        var cycle = await changed.ReadAsync<TypeCycle>();
        Assert.False(cycle.IsDefault);
        Assert.Equal(24, cycle.DrillCycleMonths);
        // Most overdue first: the special plan fell due 6 months ago, the departmental one 4.
        Assert.Equal([special.Id, departmental.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));

        // 31 months: due in one month, so due soon; the lists follow the fake clock past the due date.
        cycle = await (await PutCycleAsync(admin, PlanType.Special, cycle.Version, new { reviewCycleMonths = 36, drillCycleMonths = 31 })).ReadAsync<TypeCycle>();
        Assert.Equal(today.AddMonths(1), (await GetAsync(county, special.Id)).DrillDueOn);
        Assert.Equal([special.Id], Mine(await ListAsync(county, "DrillDueSoon"), special, departmental));
        Assert.Equal([departmental.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));
        Beacon.Clock.Advance(TimeSpan.FromDays(40));
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal([departmental.Id, special.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));

        // A drill of the departmental plan, once over, starts its cycle again from the day it ended.
        var organiser = await Beacon.SignInAsync("liaison.150203");
        var now = Beacon.Clock.GetUtcNow();
        var drill = await organiser.PostJsonAsync("/api/v1/drills", new
        {
            title = "昆都仑区应急管理局部门预案桌面推演（周期）",
            type = "Tabletop",
            planIds = new[] { departmental.Id },
            participantUnitIds = new[] { room },
            scenario = "辖区内企业发生危化品泄漏，推演部门预案响应流程。",
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = new[] { new { title = "企业报告储罐泄漏", eventTypeCode = "12A03", text = "演练注入：储罐阀门泄漏。", at = now.AddHours(2) } },
        });
        Assert.True(drill.StatusCode == HttpStatusCode.Created, await drill.Content.ReadAsStringAsync(Ct));
        Assert.Equal([departmental.Id, special.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));
        // It took place: its inject arrived (delivered here rather than waiting for the scheduler's tick) and its window passed.
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        await Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<Drills.InjectDelivery>().DeliverDueAsync(Ct);
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        county = await Beacon.SignInAsync("duty.150203");
        var drilled = await GetAsync(county, departmental.Id);
        var endedOn = DateOnly.FromDateTime(now.AddHours(3 + 8).DateTime);
        Assert.Equal(endedOn, drilled.LastDrilledOn);
        Assert.Equal(endedOn.AddMonths(36), drilled.DrillDueOn);
        Assert.Equal([special.Id], Mine(await ListAsync(county, "DrillOverdue"), special, departmental));

        // The review cycle of a type applies to its plans without a cycle of their own.
        Assert.DoesNotContain(await ListAsync(county, "ReviewOverdue"), p => p.Id == special.Id);
        await PutCycleAsync(admin = await Beacon.SignInAsync("admin.150000"), PlanType.Special, cycle.Version, new { reviewCycleMonths = 12, drillCycleMonths = 31 });
        Assert.Equal(12, (await GetAsync(county, special.Id)).ReviewCycleMonths);
        Assert.Contains(await ListAsync(county, "ReviewOverdue"), p => p.Id == special.Id);

        // Only an administrator sets cycles; a stale version, a cycle out of range are refused and change nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await PutCycleAsync(county, PlanType.Special, 3, new { reviewCycleMonths = 36, drillCycleMonths = 36 })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutCycleAsync(admin, PlanType.Special, 1, new { reviewCycleMonths = 36, drillCycleMonths = 36 })).StatusCode);
        var bad = await PutCycleAsync(admin, PlanType.Special, 3, new { reviewCycleMonths = 0, drillCycleMonths = 36 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotEmpty(await bad.FieldCodesAsync("reviewCycleMonths"));
        await using var db = Beacon.Db();
        var stored = await db.Set<PlanCycle>().SingleAsync(c => c.Type == PlanType.Special, Ct);
        Assert.Equal((12, (int?)31, 3), (stored.ReviewCycleMonths, stored.DrillCycleMonths, stored.Version));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "plan.cycle-changed" && e.EntityId == "Special", Ct));
    }

    private static Guid[] Mine(List<PlanView> list, params PlanView[] mine) =>
        [.. list.Where(p => mine.Any(m => m.Id == p.Id)).Select(p => p.Id)];

    private static async Task<PlanView> RegisterAsync(HttpClient client, string title, string type, Guid room, DateOnly approvedOn)
    {
        var body = PlanTests.PlanBody(title, room, room, approvedOn);
        body["type"] = type;
        var response = await client.PostJsonAsync("/api/v1/plans", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<PlanView>();
    }

    private static async Task<PlanView> GetAsync(HttpClient client, Guid id) => await (await client.GetAsync($"/api/v1/plans/{id}", Ct)).ReadAsync<PlanView>();

    private static Task<List<PlanView>> ListAsync(HttpClient client, string filter) => client.GetAllPagesAsync<PlanView>($"/api/v1/plans?filter={filter}", Ct);

    private static Task<HttpResponseMessage> PutCycleAsync(HttpClient client, PlanType type, int version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/plan-cycles/{type}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }
}

public sealed class CycleTestsOnSqlite(SqliteBeacon beacon) : CycleTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class CycleTestsOnPostgres(PostgresBeacon beacon) : CycleTests(beacon), IClassFixture<PostgresBeacon>;
