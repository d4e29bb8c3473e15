using System.Net;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rounds;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>Issue 18, acceptance 5: bad input is a 400 ProblemDetails naming the field with a stable code and stores nothing; a county sees only its own jurisdiction (404 otherwise).</summary>
public abstract class InputAndScopeTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Bad_hazards_rounds_returns_and_bulletins_are_refused_with_field_codes_and_nothing_is_stored()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        async Task ExpectAsync(HttpResponseMessage response, string field, string code)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(code, await response.FieldCodesAsync(field));
        }

        var good = new Dictionary<string, object?>
        {
            ["name"] = "坏输入测试隐患",
            ["kindCode"] = "mine",
            ["owner"] = "某矿业公司",
            ["responsibleDepartment"] = "应急管理局",
            ["jurisdictionCode"] = "150203",
            ["coordinates"] = "109.8,40.6",
        };
        await ExpectAsync(await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["kindCode"] = "volcano" }), "kindCode", RisksErrors.KindUnknown);
        await ExpectAsync(await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["jurisdictionCode"] = "150204" }), "jurisdictionCode", RisksErrors.JurisdictionNotInScope);
        await ExpectAsync(await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["coordinates"] = "140.1,35.6" }), "coordinates", RisksErrors.LocationInvalid);
        await ExpectAsync(await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["locationKind"] = "Area", ["coordinates"] = "109.8,40.6;109.9,40.6" }), "coordinates", RisksErrors.LocationInvalid);
        var missing = await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["name"] = null });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotEmpty(await missing.FieldCodesAsync("name"));
        var dirty = await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["owner"] = "某矿业\u0007公司" });
        Assert.Equal(HttpStatusCode.BadRequest, dirty.StatusCode);

        var hazard = await (await county.PostJsonAsync("/api/v1/risks/hazards", new Dictionary<string, object?>(good) { ["name"] = "坏输入测试用真隐患" })).ReadAsync<HazardDetail>();
        await ExpectAsync(await county.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new { method = "Matrix", likelihood = 6, severity = 2, controlMeasures = "巡查", responsiblePerson = "张三" }), "likelihood", RisksErrors.ScaleOutOfRange);
        await ExpectAsync(await county.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new { method = "MajorHazard", peopleWithin500m = 10, substances = new[] { new { substanceId = Guid.NewGuid(), tonnes = 1 } }, controlMeasures = "巡查", responsiblePerson = "张三" }), "method", RisksErrors.NotChemical);

        var city = await Beacon.SignInAsync("duty.150200");
        var now = Beacon.Clock.GetUtcNow();
        await ExpectAsync(await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "过期排查", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = now.AddHours(-1) }), "dueAt", RisksErrors.RoundDates);
        await ExpectAsync(await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "越界排查", kind = "Periodic", jurisdictionCodes = new[] { "150102" }, dueAt = now.AddDays(1) }), "jurisdictionCodes", RisksErrors.RoundTargets);
        await ExpectAsync(await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "自查", kind = "Periodic", jurisdictionCodes = new[] { "150200" }, dueAt = now.AddDays(1) }), "jurisdictionCodes", RisksErrors.RoundTargets);
        await ExpectAsync(await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "提醒晚于截止", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = now.AddDays(1), remindAt = now.AddDays(2) }), "remindAt", RisksErrors.RoundDates);
        await ExpectAsync(await city.PostJsonAsync("/api/v1/risks/bulletins", new { periodFrom = "2026-12-01", periodTo = "2026-11-01", editor = "王编辑" }), "periodTo", RisksErrors.BulletinPeriod);

        var round = await (await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "输入检查排查", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = now.AddDays(1) })).ReadAsync<RoundView>();
        await ExpectAsync(await county.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new { isNil = true, summary = "无问题", findings = new[] { new { kind = "Other", description = "零报告却有问题" } } }), "findings", RisksErrors.ReturnFindings);
        await ExpectAsync(await county.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new { isNil = false, summary = "有问题", findings = new[] { new { kind = "NewHazard", description = "需整改", hazardId = hazard.Hazard.Id, rectify = new { owner = "张三", measures = "整改", dueAt = now.AddDays(-1) } } } }), "findings[0].rectify", RisksErrors.FindingRectification);

        await using var db = Beacon.Db();
        Assert.Equal(1, await db.Set<Hazard>().CountAsync(h => h.Owner.StartsWith("某矿业"), Ct));
        Assert.Empty(await db.Set<HazardAssessment>().Where(a => a.HazardId == hazard.Hazard.Id).ToListAsync(Ct));
        Assert.False(await db.Set<InvestigationRound>().AnyAsync(r => r.Title == "过期排查" || r.Title == "越界排查" || r.Title == "自查" || r.Title == "提醒晚于截止", Ct));
        Assert.Null((await db.Set<RoundTarget>().SingleAsync(t => t.RoundId == round.Id, Ct)).ReturnedAt);
        Assert.False(await db.Set<Rectifications.Rectification>().AnyAsync(r => r.HazardId == hazard.Hazard.Id, Ct));
    }

    [Fact]
    public async Task A_neighbouring_county_gets_404_for_kundulun_records_and_its_lists_and_map_hold_none_of_them()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var hazard = await (await county.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "昆都仑区隔离测试隐患",
            kindCode = "crowded",
            owner = "某商场",
            responsibleDepartment = "应急管理局",
            jurisdictionCode = "150203",
            coordinates = "109.82,40.66",
        })).ReadAsync<HazardDetail>();
        var city = await Beacon.SignInAsync("duty.150200");
        var round = await (await city.PostJsonAsync("/api/v1/risks/rounds", new { title = "仅昆都仑区排查", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = Beacon.Clock.GetUtcNow().AddDays(1) })).ReadAsync<RoundView>();

        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}/assessments", new { method = "Matrix", likelihood = 1, severity = 1, controlMeasures = "越界", responsiblePerson = "越界" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync("/api/v1/risks/rectifications", new { hazardId = hazard.Hazard.Id, title = "越界整改", owner = "越界", measures = "越界", dueAt = Beacon.Clock.GetUtcNow().AddDays(1) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/risks/rounds/{round.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new { isNil = true, summary = "越界报送" })).StatusCode);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<HazardView>("/api/v1/risks/hazards", Ct), h => h.JurisdictionCode == "150203");
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<RoundView>("/api/v1/risks/rounds", Ct), r => r.Id == round.Id);
        var stats = await (await neighbour.GetAsync("/api/v1/risks/statistics", Ct)).ReadAsync<RiskStatistics>();
        Assert.DoesNotContain(stats.ByJurisdiction, j => j.Key == "150203");

        // The county itself sees its hazard; the prefecture sees it too.
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}", Ct)).StatusCode);
    }
}

public sealed class InputAndScopeTestsOnSqlite(RisksSqliteBeacon beacon) : InputAndScopeTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class InputAndScopeTestsOnPostgres(RisksPostgresBeacon beacon) : InputAndScopeTests(beacon), IClassFixture<RisksPostgresBeacon>;
