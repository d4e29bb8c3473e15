using System.Net;
using Beacon.Plans.Drills;
using Beacon.Plans.Plans;
using Beacon.Plans.Plans.Coverage;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Plans.Tests;

/// <summary>
/// Issue 16, "What to build" 7: the share of in-force special and departmental plans drilled within the window (3 years
/// unless asked), per jurisdiction and issuing unit, with the plans overdue for a drill or a review. A drill counts once
/// it took place (over, inject delivered): not while it is to come. A county's figures hold nothing of its neighbour;
/// the city's hold its counties'. In 青山区 (150204), which the demo data leaves without plans.
/// </summary>
public abstract class CoverageTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Coverage_counts_special_and_departmental_plans_drilled_in_the_window_per_jurisdiction_and_unit_and_lists_the_overdue()
    {
        var county = await Beacon.SignInAsync("duty.150204");
        var room = (await county.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150204&kind=DutyRoom", Ct)).Single().Id;
        var today = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);
        var drilledSoon = await RegisterAsync(county, "青山区燃气事故专项应急预案（覆盖率）", "Special", room, today.AddMonths(-30));
        var neverDrilled = await RegisterAsync(county, "青山区应急管理局部门应急预案（覆盖率）", "Departmental", room, today.AddMonths(-40));
        var drilledLongAgo = await RegisterAsync(county, "青山区防汛专项应急预案（覆盖率）", "Special", room, today.AddMonths(-60));
        await RegisterAsync(county, "青山区突发事件总体应急预案（覆盖率）", "Overall", room, today.AddMonths(-10));

        // A drill of the flood plan that took place four years ago (before Beacon): outside three years, inside five.
        await using (var db = Beacon.Db())
        {
            var qingshan = await db.Jurisdictions.Where(j => j.Code == "150204").Select(j => j.Id).SingleAsync(Ct);
            var ended = Beacon.Clock.GetUtcNow().AddYears(-4);
            db.Add(new Drill
            {
                Title = "青山区防汛实战演练（覆盖率）",
                Type = DrillType.Field,
                OrganiserUnitId = room,
                JurisdictionId = qingshan,
                PlanIds = [drilledLongAgo.Id],
                ParticipantUnitIds = [room],
                Scenario = "暴雨内涝，转移群众。",
                StartsAt = ended.AddHours(-3),
                EndsAt = ended,
                CreatedBy = "duty.150204",
                CreatedAt = ended.AddDays(-10),
                Injects = [new DrillInject { Title = "积水超警", EventTypeCode = "11A01", Text = "演练注入：积水超警。", ScheduledAt = ended.AddHours(-2), DeliveredAt = ended.AddHours(-2) }],
            });
            await db.SaveChangesAsync(Ct);
        }

        // A drill of the gas plan is planned: while it is to come it counts for nothing.
        var now = Beacon.Clock.GetUtcNow();
        var planned = await county.PostJsonAsync("/api/v1/drills", new
        {
            title = "青山区燃气泄漏桌面推演（覆盖率）",
            type = "Tabletop",
            planIds = new[] { drilledSoon.Id },
            participantUnitIds = new[] { room },
            scenario = "某小区燃气管道泄漏。",
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = new[] { new { title = "燃气泄漏", eventTypeCode = "12C01", text = "演练注入：燃气泄漏。", at = now.AddHours(2) } },
        });
        Assert.True(planned.StatusCode == HttpStatusCode.Created, await planned.Content.ReadAsStringAsync(Ct));
        var before = await CoverageAsync(county);
        Assert.Equal(3, before.Jurisdictions.Single(r => r.Name == "青山区").Plans);
        Assert.Equal(0, before.Jurisdictions.Single(r => r.Name == "青山区").Drilled);
        Assert.Equal(3, before.Total.Plans);

        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        await Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(Ct);
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        county = await Beacon.SignInAsync("duty.150204");
        var report = await CoverageAsync(county);
        Assert.Equal(3, report.Years);
        var row = report.Jurisdictions.Single(r => r.Name == "青山区");
        Assert.Equal((3, 1, 33.3m), (row.Plans, row.Drilled, row.Share));
        var unit = report.Departments.Single(r => r.Id == room);
        Assert.Equal((3, 1, "青山区"), (unit.Plans, unit.Drilled, unit.Jurisdiction));
        // Overdue: the departmental plan never drilled (approved 40 months ago) and the flood plan last drilled 4 years ago.
        Assert.Equal(new[] { drilledLongAgo.Id, neverDrilled.Id }.Order(), report.Overdue.Where(p => p.DrillOverdue).Select(p => p.Id).Order());
        Assert.Null(report.Overdue.Single(p => p.Id == neverDrilled.Id).LastDrilledOn);
        // The window is a parameter: over five years the flood plan counts too.
        var five = await CoverageAsync(county, 5);
        Assert.Equal((3, 2), (five.Total.Plans, five.Total.Drilled));
        var bad = await county.GetAsync("/api/v1/plans/coverage?years=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(PlansErrors.CoverageWindow, await bad.FieldCodesAsync("years"));

        // The city sees its county's row; the neighbouring county sees nothing of it.
        var city = await CoverageAsync(await Beacon.SignInAsync("duty.150200"));
        Assert.Equal((3, 1), (city.Jurisdictions.Single(r => r.Name == "青山区").Plans, city.Jurisdictions.Single(r => r.Name == "青山区").Drilled));
        Assert.Contains(city.Overdue, p => p.Id == neverDrilled.Id);
        var neighbour = await CoverageAsync(await Beacon.SignInAsync("duty.150203"));
        Assert.DoesNotContain(neighbour.Jurisdictions, r => r.Name == "青山区");
        Assert.DoesNotContain(neighbour.Overdue, p => p.Id == neverDrilled.Id);

        // The Excel export holds the same figures.
        var xlsx = await county.GetByteArrayAsync("/api/v1/plans/coverage.xlsx", Ct);
        using var stream = new MemoryStream(xlsx);
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        var sheetRow = rows.Single(r => Convert.ToString(r["统计口径"], System.Globalization.CultureInfo.InvariantCulture) == "行政区划" && Convert.ToString(r["名称"], System.Globalization.CultureInfo.InvariantCulture) == "青山区");
        Assert.Equal(1, Convert.ToInt32(sheetRow["已演练数"], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<CoverageReport> CoverageAsync(HttpClient client, int? years = null)
    {
        var response = await client.GetAsync(years is null ? "/api/v1/plans/coverage" : $"/api/v1/plans/coverage?years={years}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<CoverageReport>();
    }

    private static async Task<PlanView> RegisterAsync(HttpClient client, string title, string type, Guid room, DateOnly approvedOn)
    {
        var body = PlanTests.PlanBody(title, room, room, approvedOn);
        body["type"] = type;
        var response = await client.PostJsonAsync("/api/v1/plans", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<PlanView>();
    }
}

public sealed class CoverageTestsOnSqlite(SqliteBeacon beacon) : CoverageTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class CoverageTestsOnPostgres(PostgresBeacon beacon) : CoverageTests(beacon), IClassFixture<PostgresBeacon>;
