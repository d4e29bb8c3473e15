using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Platform.Accounts.ListAccounts;
using Beacon.Platform.ApiTokens.CreateToken;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// A county (青山区 150204) sees nothing of its neighbour (昆都仑区 150203): every endpoint is walked with
/// the neighbour's identifiers, as the county's administrator and as its duty officer, and nothing is leaked or changed.
/// </summary>
public abstract class ScopeTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Every_entity_of_every_module_of_the_running_app_has_a_scope_rule()
    {
        var modules = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.ModuleList>().All;
        await using var db = await Beacon.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.BeaconDb>>().CreateDbContextAsync(Ct);

        Assert.NotEmpty(modules);
        Assert.Empty(ModuleChecks.EntitiesWithoutScope(db.Model, modules));
    }

    [Theory]
    [InlineData("admin.150204")]
    [InlineData("duty.150204")]
    public async Task A_county_account_can_neither_read_nor_change_anything_of_a_neighbouring_county_on_any_endpoint(string account)
    {
        var region = await Beacon.SignInAsync("admin.150000");
        var neighbourUnit = (await region.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();
        var neighbourAccount = (await region.GetAllPagesAsync<AccountView>("/api/v1/accounts?jurisdiction=150203", Ct))
            .First(a => a.UserName == "duty.150203");
        var neighbourToken = await (await region.PostJsonAsync("/api/v1/tokens", new { name = "昆都仑区接口", unitId = neighbourUnit.Id, roles = new[] { "DutyOfficer" } }))
            .ReadAsync<CreatedToken>();
        var reporter = await Beacon.SignInAsync("duty.150203");
        var incidentBody = new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区某小区燃气爆炸",
            ["eventTypeCode"] = "12C01",
            ["severity"] = "III",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-10),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-5),
            ["locationCode"] = "150203",
            ["source"] = "Phone",
            ["narrative"] = "燃气爆炸，伤亡情况核实中。",
            ["signer"] = "值班员",
        };
        var created = await reporter.PostJsonAsync("/api/v1/incidents", incidentBody);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incidentJson = await created.JsonAsync();
        var neighbourIncident = incidentJson.GetProperty("id").GetString()!;
        var neighbourReport = incidentJson.GetProperty("reportId").GetString()!;

        // The neighbour's own records of every kind: a request to verify, a clue, a shift, an instruction passed down to it.
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var verification = await Id(prefecture.PostJsonAsync("/api/v1/verification-requests", new { toUnitId = neighbourUnit.Id, clue = "请核实昆都仑区某处冒烟" }));
        var clue = await Id(reporter.PostJsonAsync("/api/v1/clues", new { source = "微博", excerpt = "网传昆都仑区某处冒烟", heat = "Medium" }));
        var handover = await Id(reporter.PostJsonAsync("/api/v1/duty/handovers", new { notes = "昆都仑区交班说明" }));
        var shiftStarts = Beacon.Clock.GetUtcNow().AddDays(account.StartsWith("admin.", StringComparison.Ordinal) ? 10 : 20);
        var shift = await Id(reporter.PostJsonAsync("/api/v1/duty/shifts", new
        {
            startsAt = shiftStarts,
            endsAt = shiftStarts.AddHours(8),
            dutyOfficers = "张三",
            leaderOnDuty = "李四",
        }));
        var instructionJson = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{neighbourIncident}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区做好群众安置。",
            toUnitIds = new[] { neighbourUnit.Id },
            dueAt = Beacon.Clock.GetUtcNow().AddHours(4),
        })).JsonAsync();
        var instruction = instructionJson.GetProperty("id").GetString()!;
        var assignment = instructionJson.GetProperty("assignments")[0].GetProperty("id").GetString()!;
        using var photo = Photo(1);
        var attached = await reporter.PostAsync($"/api/v1/incidents/{neighbourIncident}/attachments", photo, Ct);
        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        var neighbourAttachment = (await attached.JsonAsync()).GetProperty("id").GetString()!;

        var warningBody = new Dictionary<string, object?>
        {
            ["eventCode"] = "11B03",
            ["level"] = "Yellow",
            ["expiresAt"] = Beacon.Clock.GetUtcNow().AddHours(12),
            ["headline"] = "昆都仑区气象台发布暴雨黄色预警",
            ["description"] = "预计未来6小时内将出现50毫米以上降雨。",
            ["instruction"] = "做好防暴雨准备。",
            ["areas"] = new object[] { new { divisionCode = "150203" } },
        };
        var warning = await Id(reporter.PostJsonAsync("/api/v1/warnings", warningBody));
        var recipient = await Id(reporter.PostJsonAsync("/api/v1/recipients", new { kind = "Person", name = "昆都仑区某社区负责人", phone = "13800000000", areas = new[] { "150203" } }));

        // Resources: an unshared warehouse of the neighbour, with stock, and its request for supplies.
        var resource = await Id(reporter.PostJsonAsync("/api/v1/resources", new { kind = "Warehouse", name = "昆都仑区范围测试储备点", ownerUnit = "昆都仑区应急管理局", latitude = 40.65, longitude = 109.82 }));
        var supply = (await (await reporter.GetAsync("/api/v1/supplies", Ct)).JsonAsync()).GetProperty("items")[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await reporter.PostJsonAsync($"/api/v1/warehouses/{resource}/movements", new { kind = "In", itemId = supply, batchNo = "SCOPE-1", quantity = 10 })).StatusCode);
        var allocation = await Id(reporter.PostJsonAsync("/api/v1/allocations", new { warehouseId = resource, purpose = "昆都仑区备灾", lines = new[] { new { itemId = supply, quantity = 1 } } }));
        // The neighbour's plan, its activation on the incident with a task for the neighbour's duty room, and its drill.
        var planBody = new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区燃气事故专项应急预案",
            ["type"] = "Special",
            ["status"] = "InForce",
            ["eventTypeCodes"] = new[] { "12C" },
            ["levels"] = new object[] { new { level = "III", criteria = "deaths >= 0", groups = new[] { new { name = "综合协调组", memberUnitIds = new[] { neighbourUnit.Id }, duties = "协调" } } } },
        };
        var plan = await Id(reporter.PostJsonAsync("/api/v1/plans", planBody));
        var activationJson = await (await (await Beacon.SignInAsync("leader.150203")).PostJsonAsync($"/api/v1/incidents/{neighbourIncident}/plan-activations",
            new { planId = plan, level = "III" })).JsonAsync();
        var activation = activationJson.GetProperty("id").GetString()!;
        var planTask = activationJson.GetProperty("tasks")[0].GetProperty("id").GetString()!;
        var drillBody = new
        {
            title = "昆都仑区燃气事故桌面推演",
            type = "Tabletop",
            participantUnitIds = new[] { neighbourUnit.Id },
            scenario = "某小区燃气泄漏",
            startsAt = Beacon.Clock.GetUtcNow().AddDays(3),
            endsAt = Beacon.Clock.GetUtcNow().AddDays(3).AddHours(2),
            injects = new[] { new { title = "燃气泄漏", eventTypeCode = "12C01", text = "接报某小区燃气泄漏" } },
        };
        var drill = await Id((await Beacon.SignInAsync("liaison.150203")).PostJsonAsync("/api/v1/drills", drillBody));
        var revisionTask = await Id(reporter.PostJsonAsync($"/api/v1/plans/{plan}/revisions", new
        {
            trigger = "LawChange",
            description = "昆都仑区预案修订：调整信息报告时限",
            ownerUnitId = neighbourUnit.Id,
            dueOn = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime).AddDays(30),
        }));

        // A reporting rule limited to the neighbour: a county beside it neither sees nor touches it.
        var ruleId = await Id(region.PostJsonAsync("/api/v1/reporting-rules", new
        {
            name = "昆都仑区专项报送规则",
            minSeverity = "IV",
            coversSensitive = false,
            writtenMinutes = 60,
            reportToLevel = "Prefecture",
            jurisdictionCode = "150203",
        }));
        var riskHazard = await Id(reporter.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "昆都仑区某燃气调压站",
            kindCode = "gas-pipeline",
            owner = "某燃气公司",
            responsibleDepartment = "住房和城乡建设局",
            jurisdictionCode = "150203",
            coordinates = "109.82,40.66",
        }));
        var riskRound = await Id(prefecture.PostJsonAsync("/api/v1/risks/rounds", new { title = "昆都仑区专项排查", kind = "Special", jurisdictionCodes = new[] { "150203" }, dueAt = Beacon.Clock.GetUtcNow().AddDays(3) }));
        var riskRectification = await Id(reporter.PostJsonAsync("/api/v1/risks/rectifications", new { hazardId = riskHazard, title = "昆都仑区调压站整改", owner = "王工", measures = "更换阀门", dueAt = Beacon.Clock.GetUtcNow().AddDays(5) }));
        var bulletinDay = DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);
        var riskBulletin = await Id(reporter.PostJsonAsync("/api/v1/risks/bulletins", new { periodFrom = bulletinDay.AddDays(-7), periodTo = bulletinDay, editor = "昆都仑区编辑" }));
        var riskGrading = new { scaleMax = 5, generalFrom = 9, considerableFrom = 15, majorFrom = 20 };
        var county = await Beacon.SignInAsync(account);
        var ownUnit = (await county.GetAllPagesAsync<UnitView>("/api/v1/units?kind=DutyRoom", Ct)).Single();

        // Every mapped endpoint must be listed here, so a new endpoint cannot go untested.
        var bodies = new Dictionary<string, object?>
        {
            ["GET /api/v1/me"] = null,
            ["GET /api/v1/workbench"] = null,
            ["GET /api/v1/jurisdictions"] = null,
            ["GET /api/v1/jurisdictions/{code}"] = null,
            ["POST /api/v1/jurisdictions"] = new { code = "150298", name = "越界功能区", parentCode = "150203" },
            ["GET /api/v1/units"] = null,
            ["GET /api/v1/units/{id:guid}"] = null,
            ["POST /api/v1/units"] = new { jurisdictionCode = "150203", name = "越界单位", kind = "LineDepartment" },
            ["PUT /api/v1/units/{id:guid}"] = new { name = "被改名的单位", kind = "DutyRoom" },
            ["POST /api/v1/units/{id:guid}/retire"] = null,
            ["POST /api/v1/units/{id:guid}/merge"] = new { intoUnitId = ownUnit.Id },
            ["GET /api/v1/account/sessions"] = null,
            ["POST /api/v1/account/password"] = new { currentPassword = "not-the-password", newPassword = "Yue#Jie2026-pass" },
            ["POST /api/v1/account/sessions/{id:guid}/end"] = null,
            ["POST /api/v1/account/signout-everywhere"] = null,
            ["GET /api/v1/account/recovery-codes"] = null,
            ["POST /api/v1/account/recovery-codes"] = new { currentPassword = "not-the-password" },
            ["GET /api/v1/accounts"] = null,
            ["GET /api/v1/accounts/{id:guid}"] = null,
            ["POST /api/v1/accounts"] = new { userName = "intruder.150204", displayName = "越界", unitId = neighbourUnit.Id, roles = new[] { "Viewer" } },
            ["PUT /api/v1/accounts/{id:guid}"] = new { displayName = "被修改", unitId = ownUnit.Id, roles = new[] { "Viewer" }, isDisabled = true },
            ["POST /api/v1/accounts/{id:guid}/reset-password"] = null,
            ["GET /api/v1/roles"] = null,
            ["GET /api/v1/tokens"] = null,
            ["POST /api/v1/tokens"] = new { name = "越界令牌", unitId = neighbourUnit.Id, roles = new[] { "Viewer" } },
            ["POST /api/v1/tokens/{id:guid}/revoke"] = null,
            ["GET /api/v1/audit"] = null,
            ["GET /api/v1/audit/verify"] = null,
            ["GET /api/v1/incidents"] = null,
            ["POST /api/v1/incidents"] = incidentBody,
            ["GET /api/v1/incidents/{id:guid}"] = null,
            ["GET /api/v1/incidents/{id:guid}/timeline"] = null,
            ["POST /api/v1/incidents/{id:guid}/reports"] = new { kind = "Final", severity = "IV", narrative = "越界终报", signer = "某人", confirmOpenInstructions = true, confirmationReason = "越界确认终报" },
            ["POST /api/v1/incidents/{id:guid}/attachments"] = (Func<HttpContent>)(() => Photo(2)),
            ["GET /api/v1/incidents/{id:guid}/attachments"] = null,
            ["GET /api/v1/attachments/{id:guid}/content"] = null,
            ["POST /api/v1/incidents/{id:guid}/phone-reports"] = new { toUnitId = ownUnit.Id, caller = "a", callee = "b", calledAt = Beacon.Clock.GetUtcNow(), summary = "越界电话" },
            ["GET /api/v1/obligations"] = null,
            ["GET /api/v1/duty-rooms/above"] = null,
            ["GET /api/v1/inbox"] = null,
            ["GET /api/v1/verification-requests"] = null,
            ["GET /api/v1/clues"] = null,
            ["GET /api/v1/duty/now"] = null,
            ["GET /api/v1/duty/log"] = null,
            ["POST /api/v1/duty/log"] = new { text = "越界日志", isHandover = false },
            ["GET /api/v1/duty/handover"] = null,
            ["GET /api/v1/duty/handovers"] = null,
            ["POST /api/v1/duty/handovers"] = new { notes = "越界交班" },
            ["POST /api/v1/duty/handovers/{id:guid}/acknowledge"] = new { note = "越界接班" },
            ["GET /api/v1/duty/shifts/{id:guid}"] = null,
            ["GET /api/v1/duty/counters"] = null,
            ["GET /api/v1/duty/shifts"] = null,
            ["POST /api/v1/duty/shifts"] = new { startsAt = Beacon.Clock.GetUtcNow(), endsAt = Beacon.Clock.GetUtcNow().AddHours(8), dutyOfficers = "越界", leaderOnDuty = "越界" },
            ["PUT /api/v1/duty/shifts/{id:guid}"] = new { startsAt = Beacon.Clock.GetUtcNow(), endsAt = Beacon.Clock.GetUtcNow().AddHours(8), dutyOfficers = "越界", leaderOnDuty = "越界" },
            ["POST /api/v1/clues"] = new { source = "微博", excerpt = "越界线索", heat = "High", incidentId = Guid.Parse(neighbourIncident) },
            ["POST /api/v1/clues/{id:guid}/judgements"] = new { judgement = "越界研判" },
            ["POST /api/v1/verification-requests"] = new { toUnitId = neighbourUnit.Id, clue = "越界核报" },
            ["POST /api/v1/verification-requests/{id:guid}/answer"] = new { result = "Confirmed", text = "越界答复" },
            ["POST /api/v1/verification-requests/{id:guid}/report"] = incidentBody,
            ["POST /api/v1/verification-requests/{id:guid}/link"] = new { incidentId = Guid.Parse(neighbourIncident) },
            ["GET /api/v1/incidents/{id:guid}/reports/{reportId:guid}/docx"] = null,
            ["GET /api/v1/incidents/export.xlsx"] = null,
            ["GET /api/v1/statistics/timeliness"] = null,
            ["GET /api/v1/statistics/timeliness.xlsx"] = null,
            ["GET /api/v1/alerts"] = null,
            ["POST /api/v1/alerts/{id:guid}/acknowledge"] = null,
            ["POST /api/v1/incidents/{id:guid}/sign"] = new { assessment = "越界签收" },
            ["POST /api/v1/incidents/{id:guid}/forward"] = new { assessment = "越界转报" },
            ["GET /api/v1/report-approval-rules/{code}"] = null,
            ["PUT /api/v1/report-approval-rules/{code}"] = new { isRequired = true },
            ["GET /api/v1/incidents/{id:guid}/approvals"] = null,
            ["POST /api/v1/incidents/{id:guid}/approvals/approve"] = new { note = "越界审核" },
            ["POST /api/v1/incidents/{id:guid}/approvals/return"] = new { reason = "越界退回" },
            ["POST /api/v1/incidents/{id:guid}/approvals/resubmit"] = new { note = "越界重新提交" },
            ["GET /api/v1/reporting-rules"] = null,
            ["PUT /api/v1/reporting-rules/{id:guid}"] = new { name = "越界修改", isActive = false, coversSensitive = false, reportTo = "无" },
            ["POST /api/v1/reporting-rules"] = new { name = "越界修改", minSeverity = "IV", coversSensitive = false, writtenMinutes = 60, reportToLevel = "County", jurisdictionCode = "150203" },
            ["POST /api/v1/reporting-rules/preview"] = new { name = "越界预览", minSeverity = "IV", coversSensitive = false, writtenMinutes = 60, reportToLevel = "County", jurisdictionCode = "150203" },
            ["POST /api/v1/reporting-rules/{id:guid}/retire"] = null,
            ["POST /api/v1/reporting-rules/{id:guid}/reinstate"] = null,
            ["GET /api/v1/instructions"] = null,
            ["GET /api/v1/instructions/{id:guid}"] = null,
            ["GET /api/v1/incidents/{id:guid}/instructions"] = null,
            ["POST /api/v1/incidents/{id:guid}/instructions"] = new { kind = "Referral", text = "越界转办", toUnitIds = new[] { neighbourUnit.Id } },
            ["POST /api/v1/instructions/{id:guid}/supervision"] = new { note = "越界督办", dueAt = Beacon.Clock.GetUtcNow().AddDays(1) },
            ["POST /api/v1/instruction-assignments/{id:guid}/sign"] = null,
            ["POST /api/v1/instruction-assignments/{id:guid}/feedback"] = new { text = "越界反馈", isFinal = true },
            ["GET /api/v1/warnings"] = null,
            ["POST /api/v1/warnings"] = warningBody,
            ["GET /api/v1/warnings/{id:guid}"] = null,
            ["PUT /api/v1/warnings/{id:guid}"] = warningBody,
            ["GET /api/v1/warnings/{id:guid}/chain"] = null,
            ["POST /api/v1/warnings/{id:guid}/submit"] = null,
            ["POST /api/v1/warnings/{id:guid}/review"] = new { approve = true, note = "越界审核" },
            ["POST /api/v1/warnings/{id:guid}/sign-off"] = new { note = "越界签发" },
            ["POST /api/v1/warnings/{id:guid}/changes"] = new { change = "Cancel" },
            ["POST /api/v1/warnings/{id:guid}/republish"] = null,
            ["GET /api/v1/warnings/{id:guid}/cap"] = null,
            ["POST /api/v1/warnings/import"] = new { xml = "<alert/>" },
            ["GET /api/v1/warnings/feeds"] = null,
            ["POST /api/v1/warnings/feeds/poll"] = null,
            ["GET /api/v1/warnings/statistics"] = null,
            ["GET /api/v1/warnings/statistics.xlsx"] = null,
            ["GET /api/v1/warnings/{id:guid}/deliveries"] = null,
            ["POST /api/v1/warnings/{id:guid}/deliveries/retry"] = new { },
            ["GET /api/v1/warnings/{id:guid}/reach"] = null,
            ["GET /api/v1/warnings/{id:guid}/upstream"] = null,
            ["GET /api/v1/recipients"] = null,
            ["GET /api/v1/recipients/{id:guid}"] = null,
            ["POST /api/v1/recipients"] = new { kind = "Person", name = "越界接收人", phone = "13900000000", areas = new[] { "150203" } },
            ["PUT /api/v1/recipients/{id:guid}"] = new { kind = "Person", name = "被改名的接收人", phone = "13900000000", areas = new[] { "150203" } },
            ["POST /api/v1/recipients/{id:guid}/deactivate"] = null,
            ["POST /api/v1/recipients/{id:guid}/reactivate"] = null,
            ["GET /api/v1/recipients/template.xlsx"] = null,
            ["GET /api/v1/recipients/export.xlsx"] = null,
            ["POST /api/v1/recipients/import"] = (Func<HttpContent>)(() => RecipientsWorkbook()),
            ["GET /api/v1/map/layers"] = null,
            ["GET /api/v1/map/features"] = null,
            ["POST /api/v1/risks/hazards"] = new { name = "越界隐患", kindCode = "mine", owner = "越界", responsibleDepartment = "越界", jurisdictionCode = "150203", coordinates = "109.8,40.6" },
            ["GET /api/v1/risks/hazards"] = null,
            ["GET /api/v1/risks/hazards/{id:guid}"] = null,
            ["GET /api/v1/risks/hazards/template.xlsx"] = null,
            ["GET /api/v1/risks/hazards/export.xlsx"] = null,
            ["POST /api/v1/risks/hazards/import"] = (Func<HttpContent>)(() => Workbook()),
            ["GET /api/v1/risks/rounds/return-template.xlsx"] = null,
            ["POST /api/v1/risks/rounds/{id:guid}/returns/import"] = (Func<HttpContent>)(() => Workbook()),
            ["POST /api/v1/risks/hazards/{id:guid}/assessments"] = new { method = "Matrix", likelihood = 5, severity = 5, controlMeasures = "越界评估", responsiblePerson = "越界" },
            ["GET /api/v1/risks/statistics"] = null,
            ["GET /api/v1/risks/grading"] = null,
            ["PUT /api/v1/risks/grading"] = riskGrading,
            ["POST /api/v1/risks/rounds"] = new { title = "越界排查", kind = "Periodic", jurisdictionCodes = new[] { "150203" }, dueAt = Beacon.Clock.GetUtcNow().AddDays(3) },
            ["GET /api/v1/risks/rounds"] = null,
            ["GET /api/v1/risks/rounds/{id:guid}"] = null,
            ["POST /api/v1/risks/rounds/{id:guid}/returns"] = new { isNil = true, summary = "越界报送" },
            ["POST /api/v1/risks/rectifications"] = new { hazardId = riskHazard, title = "越界整改", owner = "越界", measures = "越界", dueAt = Beacon.Clock.GetUtcNow().AddDays(5) },
            ["GET /api/v1/risks/rectifications"] = null,
            ["GET /api/v1/risks/rectifications/{id:guid}"] = null,
            ["POST /api/v1/risks/rectifications/{id:guid}/done"] = new { note = "越界完成" },
            ["POST /api/v1/risks/rectifications/{id:guid}/verification"] = new { accept = true, note = "越界验收" },
            ["POST /api/v1/risks/bulletins"] = new { periodFrom = bulletinDay.AddDays(-7), periodTo = bulletinDay, editor = "青山区编辑" },
            ["GET /api/v1/risks/bulletins"] = null,
            ["GET /api/v1/risks/bulletins/{id:guid}"] = null,
            ["PUT /api/v1/risks/bulletins/{id:guid}"] = new { title = "越界修改", issueDate = bulletinDay, editor = "越界", sections = new[] { new { heading = "越界", body = "越界" } } },
            ["GET /api/v1/risks/bulletins/{id:guid}/document.docx"] = null,
            ["GET /api/v1/risks/bulletins/{id:guid}/document.pdf"] = null,
            ["GET /api/v1/resources"] = null,
            ["GET /api/v1/resources/nearest"] = null,
            ["GET /api/v1/resources/{id:guid}"] = null,
            ["POST /api/v1/resources"] = new { kind = "RescueTeam", name = "越界队伍", ownerUnit = "越界", latitude = 40.65, longitude = 109.82, jurisdictionCode = "150203" },
            ["PUT /api/v1/resources/{id:guid}"] = new { kind = "Warehouse", name = "被改名的储备点", ownerUnit = "越界", latitude = 40.65, longitude = 109.82 },
            ["GET /api/v1/resources/{id:guid}/records"] = null,
            ["POST /api/v1/resources/{id:guid}/training"] = new { on = "2026-01-01", subject = "越界训练", participants = 1 },
            ["POST /api/v1/resources/{id:guid}/consultations"] = new { incidentId = Guid.Parse(neighbourIncident), opinion = "越界会商" },
            ["POST /api/v1/resources/{id:guid}/contracts"] = new { number = "越界-1", from = "2026-01-01", to = "2026-12-31", amount = 1, serviceScope = "越界" },
            ["GET /api/v1/resources/template.xlsx"] = null,
            ["GET /api/v1/resources/export.xlsx"] = null,
            ["POST /api/v1/resources/import"] = null,
            ["GET /api/v1/supply-categories"] = null,
            ["GET /api/v1/supplies"] = null,
            ["POST /api/v1/supplies"] = new { code = "0401-001", name = "越界物资", categoryCode = "0401", unit = "顶", minimumStock = 0 },
            ["POST /api/v1/warehouses/{id:guid}/movements"] = new { kind = "In", itemId = Guid.Parse(supply), batchNo = "越界", quantity = 5 },
            ["GET /api/v1/warehouses/{id:guid}/stock"] = null,
            ["GET /api/v1/warehouses/{id:guid}/movements"] = null,
            ["POST /api/v1/allocations"] = new { warehouseId = Guid.Parse(resource), purpose = "越界申请", lines = new[] { new { itemId = Guid.Parse(supply), quantity = 1 } } },
            ["GET /api/v1/allocations"] = null,
            ["GET /api/v1/allocations/{id:guid}"] = null,
            ["POST /api/v1/allocations/{id:guid}/approve"] = new { },
            ["POST /api/v1/allocations/{id:guid}/reject"] = new { reason = "越界驳回" },
            ["POST /api/v1/allocations/{id:guid}/dispatch"] = null,
            ["POST /api/v1/allocations/{id:guid}/receive"] = new { },
            ["GET /api/v1/plans"] = null,
            ["POST /api/v1/plans"] = planBody,
            ["GET /api/v1/plans/{id:guid}"] = null,
            ["PUT /api/v1/plans/{id:guid}/review"] = new { reviewCycleMonths = 1 },
            ["GET /api/v1/plan-cycles"] = null,
            ["PUT /api/v1/plan-cycles/{type}"] = new { reviewCycleMonths = 1, drillCycleMonths = 1 },
            ["GET /api/v1/incidents/{id:guid}/plan-proposals"] = null,
            ["POST /api/v1/incidents/{id:guid}/plan-activations"] = new { planId = plan, level = "III" },
            ["GET /api/v1/incidents/{id:guid}/plan-activations"] = null,
            ["GET /api/v1/plan-activations/{id:guid}"] = null,
            ["POST /api/v1/plan-activations/{id:guid}/level"] = new { level = "I" },
            ["POST /api/v1/plan-activations/{id:guid}/terminate"] = new { note = "越界终止" },
            ["GET /api/v1/plan-tasks"] = null,
            ["POST /api/v1/plan-tasks/{id:guid}/sign"] = null,
            ["POST /api/v1/plan-tasks/{id:guid}/complete"] = new { outcome = "越界完成" },
            ["POST /api/v1/drills"] = drillBody,
            ["GET /api/v1/drills"] = null,
            ["GET /api/v1/drills/{id:guid}"] = null,
            ["GET /api/v1/drills/{id:guid}/timing"] = null,
            ["GET /api/v1/plan-revisions"] = null,
            ["POST /api/v1/plans/{id:guid}/revisions"] = new { trigger = "LawChange", description = "越界修订", ownerUnitId = ownUnit.Id, dueOn = bulletinDay.AddDays(10) },
            ["POST /api/v1/plan-revisions/{id:guid}/complete"] = new { outcome = "越界完成" },
            ["GET /api/v1/plans/coverage"] = null,
            ["GET /api/v1/plans/coverage.xlsx"] = null,
            ["GET /api/v1/drill-templates"] = null,
            ["POST /api/v1/drill-templates"] = new { title = "青山区评估模板", items = new[] { new { name = "信息报送", maxScore = 10, weight = 1 } } },
            ["GET /api/v1/drills/{id:guid}/evaluation"] = null,
            ["PUT /api/v1/drills/{id:guid}/evaluation"] = new { templateId = Guid.NewGuid(), sheets = new[] { new { scores = new[] { 1 } } } },
            ["POST /api/v1/drills/{id:guid}/findings"] = new { text = "越界问题" },
            ["GET /api/v1/drills/{id:guid}/report.docx"] = null,
        };
        // The register's filters stay inside the scope: the neighbour's jurisdiction is a coded 400, and a search for the
        // neighbour's incident by its title, or its export, finds nothing.
        using (var theirs = await county.GetAsync("/api/v1/incidents?jurisdiction=150203", Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, theirs.StatusCode);
            Assert.Contains("incident.filter.jurisdiction.not-in-scope", await theirs.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await (await county.GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString("昆都仑区某小区燃气爆炸")}", Ct)).JsonAsync()).GetProperty("total").GetInt32());

        var endpoints = ApiEndpoints.All(Beacon.Services);
        Assert.Equal(bodies.Keys.Order(StringComparer.Ordinal), endpoints.Select(e => e.ToString()).Order(StringComparer.Ordinal));

        var secrets = new[]
        {
            neighbourUnit.Id.ToString(), neighbourAccount.Id.ToString(), neighbourToken.Token.Id.ToString(), neighbourIncident, neighbourReport,
            verification, clue, shift, handover, instruction, assignment, neighbourAttachment, warning, recipient, "昆都仑区", "duty.150203",
            riskHazard, riskRound, riskRectification, riskBulletin, resource, allocation, plan, activation, planTask, drill, revisionTask, ruleId,
        };
        foreach (var endpoint in endpoints)
        {
            if (endpoint.ToString() == "POST /api/v1/account/signout-everywhere")
            {
                // Ends the caller's own sessions, nobody else's, and so this walk's: SecurityLevel3Tests covers it.
                continue;
            }

            var url = endpoint.Url(p => p switch
            {
                "code" => "150203",
                "reportId" => neighbourReport,
                _ => endpoint.Pattern switch
                {
                    var x when x.Contains("/units/", StringComparison.Ordinal) => neighbourUnit.Id.ToString(),
                    var x when x.Contains("/accounts/", StringComparison.Ordinal) => neighbourAccount.Id.ToString(),
                    var x when x.Contains("/incidents/", StringComparison.Ordinal) => neighbourIncident,
                    var x when x.Contains("/reporting-rules/", StringComparison.Ordinal) => ruleId,
                    var x when x.Contains("/attachments/", StringComparison.Ordinal) => neighbourAttachment,
                    var x when x.Contains("/alerts/", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
                    var x when x.Contains("/verification-requests/", StringComparison.Ordinal) => verification,
                    var x when x.Contains("/clues/", StringComparison.Ordinal) => clue,
                    var x when x.Contains("/duty/shifts/", StringComparison.Ordinal) => shift,
                    var x when x.Contains("/duty/handovers/", StringComparison.Ordinal) => handover,
                    var x when x.Contains("/instructions/", StringComparison.Ordinal) => instruction,
                    var x when x.Contains("/instruction-assignments/", StringComparison.Ordinal) => assignment,
                    var x when x.Contains("/warnings/", StringComparison.Ordinal) => warning,
                    var x when x.Contains("/recipients/", StringComparison.Ordinal) => recipient,
                    var x when x.Contains("/risks/hazards/", StringComparison.Ordinal) => riskHazard,
                    var x when x.Contains("/risks/rounds/", StringComparison.Ordinal) => riskRound,
                    var x when x.Contains("/risks/rectifications/", StringComparison.Ordinal) => riskRectification,
                    var x when x.Contains("/risks/bulletins/", StringComparison.Ordinal) => riskBulletin,
                    var x when x.Contains("/resources/", StringComparison.Ordinal) || x.Contains("/warehouses/", StringComparison.Ordinal) => resource,
                    var x when x.Contains("/allocations/", StringComparison.Ordinal) => allocation,
                    var x when x.Contains("/plans/", StringComparison.Ordinal) => plan,
                    // The cycles are one table for the deployment (decision 0020), nothing of a neighbour: a type that does not exist.
                    var x when x.Contains("/plan-cycles/", StringComparison.Ordinal) => "NoSuchType",
                    var x when x.Contains("/plan-activations/", StringComparison.Ordinal) => activation,
                    var x when x.Contains("/plan-tasks/", StringComparison.Ordinal) => planTask,
                    var x when x.Contains("/drills/", StringComparison.Ordinal) => drill,
                    var x when x.Contains("/plan-revisions/", StringComparison.Ordinal) => revisionTask,
                    _ => neighbourToken.Token.Id.ToString(),
                },
            });
            using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
            request.Headers.IfMatch.ParseAdd("*");
            if (bodies[endpoint.ToString()] is Func<HttpContent> content)
            {
                request.Content = content();
            }
            else if (bodies[endpoint.ToString()] is { } body)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json");
            }

            using var response = await county.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);

            var isList = endpoint.Method == "GET" && !endpoint.Pattern.Contains('{', StringComparison.Ordinal);
            if (isList && endpoint.Pattern is not ("/api/v1/audit/verify" or "/api/v1/resources/nearest"))
            {
                // A list answers with the caller's own data, or 403 when the caller's role may not read it at all (an
                // administrators' list for a duty officer; a template behind a permission the role does not hold).
                Assert.True(response.StatusCode == HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.Forbidden && account.StartsWith("duty.", StringComparison.Ordinal))
                    || (response.StatusCode == HttpStatusCode.Forbidden && endpoint.Pattern is "/api/v1/recipients/template.xlsx" or "/api/v1/statistics/timeliness" or "/api/v1/statistics/timeliness.xlsx" && text.Contains(Platform.Permissions.PermissionCheck.DeniedCode, StringComparison.Ordinal)),
                    $"{endpoint}: {(int)response.StatusCode}");
            }
            else if (OwnWrites.Contains(endpoint.ToString()) && response.StatusCode == HttpStatusCode.Created)
            {
                // A duty officer writes its own unit's log and roster; that the record is its own is checked below.
                Assert.DoesNotContain("昆都仑区", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(
                    response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
                    $"{endpoint} with the neighbour's data answered {(int)response.StatusCode}: {text}");
            }

            if (endpoint.ToString() == "GET /api/v1/audit" && response.StatusCode == HttpStatusCode.OK)
            {
                // The county's own refused attempts are audited with the id they asked for (who tried what): an id the
                // county sent itself is no leak. Every other row is checked.
                using var page = JsonDocument.Parse(text);
                text = string.Join("\n", page.RootElement.GetProperty("items").EnumerateArray()
                    .Where(row => row.GetProperty("outcome").GetString() != "denied" || !row.GetProperty("userName").GetString()!.EndsWith(".150204", StringComparison.Ordinal))
                    .Select(row => row.GetRawText()));
            }

            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{endpoint} leaked '{secret}': {text}");
            }
        }

        // Nothing of the neighbour changed, and nothing was created for it.
        await using var db = Beacon.Db();
        var unit = db.Units.Single(u => u.Id == neighbourUnit.Id);
        Assert.Equal(neighbourUnit.Name, unit.Name);
        Assert.False(unit.IsRetired);
        var stored = db.Users.Single(u => u.Id == neighbourAccount.Id);
        Assert.False(stored.IsDisabled);
        Assert.Equal(neighbourAccount.DisplayName, stored.DisplayName);
        Assert.Null(db.ApiTokens.Single(t => t.Id == neighbourToken.Token.Id).RevokedAt);
        Assert.DoesNotContain(db.Users.ToList(), u => u.UserName == "intruder.150204");
        Assert.DoesNotContain(db.Units.ToList(), u => u.Name == "越界单位");
        Assert.DoesNotContain(db.Jurisdictions.ToList(), j => j.Code == "150298");
        var incident = db.Set<Incidents.Incidents.Incident>().Single(i => i.Id == Guid.Parse(neighbourIncident));
        Assert.Equal(1, incident.ReportCount);
        Assert.Equal(Incidents.Incidents.IncidentStatus.Open, incident.Status);
        Assert.DoesNotContain(db.Set<Incidents.Deadlines.ReportingRule>().ToList(), r => r.Name == "越界修改");
        Assert.True(db.Set<Incidents.Deadlines.ReportingRule>().Single(r => r.Id == Guid.Parse(ruleId)).IsActive);
        Assert.Null(db.Set<Incidents.Verification.VerificationRequest>().Single(v => v.Id == Guid.Parse(verification)).AnsweredAt);
        Assert.Null(db.Set<Incidents.Clues.Clue>().Single(c => c.Id == Guid.Parse(clue)).Judgement);
        Assert.Equal("张三", db.Set<Incidents.Duty.Shift>().Single(x => x.Id == Guid.Parse(shift)).DutyOfficers);
        Assert.Null(db.Set<Incidents.Duty.Handovers.HandoverRecord>().Single(x => x.Id == Guid.Parse(handover)).AcknowledgedAt);
        Assert.Empty(db.Set<Incidents.Escalation.Submission>().Where(x => x.IncidentId == Guid.Parse(neighbourIncident) && x.SignedAt != null).ToList());
        var part = db.Set<Incidents.Instructions.InstructionAssignment>().Single(a => a.Id == Guid.Parse(assignment));
        Assert.Null(part.SignedAt);
        Assert.Null(part.DoneAt);
        Assert.Null(db.Set<Incidents.Instructions.Instruction>().Single(i => i.Id == Guid.Parse(instruction)).SupervisionNotes);
        Assert.Single(db.Set<Incidents.Instructions.Instruction>().Where(i => i.IncidentId == Guid.Parse(neighbourIncident)).ToList());
        Assert.DoesNotContain(db.Set<Incidents.Duty.DutyLogEntry>().ToList(), e => e.Text == "越界日志" && e.UnitId != ownUnit.Id);
        Assert.DoesNotContain(db.Set<Incidents.Duty.Shift>().ToList(), x => x.DutyOfficers == "越界" && x.UnitId != ownUnit.Id);
        Assert.Single(db.Set<Incidents.Attachments.Attachment>().Where(a => a.IncidentId == Guid.Parse(neighbourIncident)).ToList());
        var neighbourResource = db.Set<Resources.Registry.Resource>().Single(r => r.Id == Guid.Parse(resource));
        Assert.Equal("昆都仑区范围测试储备点", neighbourResource.Name);
        Assert.DoesNotContain(db.Set<Resources.Registry.Resource>().ToList(), r => r.Name == "越界队伍");
        Assert.Equal(10, db.Set<Resources.Stock.StockBatch>().Where(b => b.WarehouseId == Guid.Parse(resource)).Sum(b => b.Quantity));
        Assert.Equal(Resources.Allocation.AllocationStatus.Requested, db.Set<Resources.Allocation.AllocationRequest>().Single(a => a.Id == Guid.Parse(allocation)).Status);
        var neighbourRecipient = db.Set<Warnings.Dissemination.Recipient>().Single(r => r.Id == Guid.Parse(recipient));
        Assert.True(neighbourRecipient.IsActive);
        Assert.Equal("昆都仑区某社区负责人", neighbourRecipient.Name);
        Assert.DoesNotContain(db.Set<Warnings.Dissemination.Recipient>().ToList(), r => r.Name == "越界接收人");
        var neighbourWarning = db.Set<Warnings.Warnings.Warning>().Single(w => w.Id == Guid.Parse(warning));
        Assert.Equal(Warnings.Warnings.WarningStage.Draft, neighbourWarning.Stage);
        Assert.Equal(1, neighbourWarning.Version);
        var neighbourActivation = db.Set<Plans.Response.PlanActivation>().Single(a => a.Id == Guid.Parse(activation));
        Assert.Equal(Plans.Response.ActivationStatus.Active, neighbourActivation.Status);
        Assert.Equal(Plans.Plans.ResponseLevel.III, neighbourActivation.Level);
        Assert.Null(db.Set<Plans.Response.PlanTask>().Single(x => x.Id == Guid.Parse(planTask)).SignedAt);
        Assert.Null(db.Set<Plans.Plans.Plan>().Single(p => p.Id == Guid.Parse(plan)).ReviewCycleMonths);
        Assert.Single(db.Set<Plans.Response.PlanActivation>().Where(a => a.IncidentId == Guid.Parse(neighbourIncident)).ToList());
        Assert.DoesNotContain(db.Set<Plans.Drills.Drill>().ToList(), d => d.CreatedBy == account);
        Assert.DoesNotContain(db.Set<Plans.Plans.Plan>().ToList(), p => p.CreatedBy == account);
        Assert.Null(db.Set<Plans.Evaluation.RevisionTask>().Single(t => t.Id == Guid.Parse(revisionTask)).DoneAt);
        Assert.DoesNotContain(db.Set<Plans.Evaluation.RevisionTask>().ToList(), t => t.CreatedBy == account);
        Assert.DoesNotContain(db.Set<Plans.Evaluation.DrillFinding>().ToList(), f => f.CreatedBy == account);
        Assert.DoesNotContain(db.Set<Warnings.Warnings.Warning>().ToList(), w => w.IssuingJurisdictionId != neighbourWarning.IssuingJurisdictionId && w.Headline == "昆都仑区气象台发布暴雨黄色预警");
        Assert.Empty(db.Set<Risks.Hazards.HazardAssessment>().Where(a => a.HazardId == Guid.Parse(riskHazard)).ToList());
        Assert.Null(db.Set<Risks.Rounds.RoundTarget>().Single(x => x.RoundId == Guid.Parse(riskRound)).ReturnedAt);
        Assert.Equal(Risks.Rectifications.RectificationStatus.Open, db.Set<Risks.Rectifications.Rectification>().Single(x => x.Id == Guid.Parse(riskRectification)).Status);
        Assert.Equal(1, db.Set<Risks.Bulletins.Bulletin>().Single(x => x.Id == Guid.Parse(riskBulletin)).Version);
        Assert.DoesNotContain(db.Set<Risks.Hazards.Hazard>().ToList(), h => h.Name == "越界隐患");
        Assert.DoesNotContain(db.Set<Risks.Rounds.InvestigationRound>().ToList(), r => r.Title == "越界排查");
        Assert.DoesNotContain(db.Set<Risks.Rectifications.Rectification>().ToList(), r => r.Title == "越界整改");
    }

    /// <summary>Writes a county's own duty officer may make on its own unit's behalf, whatever the walk sends.</summary>
    private static readonly HashSet<string> OwnWrites = ["POST /api/v1/duty/log", "POST /api/v1/duty/shifts", "POST /api/v1/duty/handovers", "POST /api/v1/risks/bulletins", "POST /api/v1/drill-templates"];

    private static async Task<string> Id(Task<HttpResponseMessage> created)
    {
        var response = await created;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }

    /// <summary>A one-row import aimed at the neighbour (a hazard in 昆都仑区; for a round, a finding): refused either way.</summary>
    /// <summary>A recipients import of one row whose area is the neighbour's (昆都仑区).</summary>
    private static MultipartFormDataContent RecipientsWorkbook()
    {
        var sheet = Platform.Http.Workbooks.ToXlsx([new Dictionary<string, object?>
        {
            ["类型"] = "责任人", ["名称"] = "越界导入接收人", ["手机号"] = "13900000001", ["关注区划代码"] = "150203",
        }]);
        var part = new ByteArrayContent(sheet);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Platform.Http.ApiDocs.Xlsx);
        return new MultipartFormDataContent { { part, "file", "越界接收人.xlsx" } };
    }

    private static MultipartFormDataContent Workbook()
    {
        var sheet = Platform.Http.Workbooks.ToXlsx([new Dictionary<string, object?>
        {
            ["名称"] = "越界导入隐患", ["类别"] = "矿山", ["所属企业或单位"] = "越界", ["责任部门"] = "越界", ["行政区划代码"] = "150203",
            ["位置类型"] = "点", ["坐标（经度,纬度;…）"] = "109.8,40.6", ["发现类型"] = "其他", ["情况描述"] = "越界报送",
        }]);
        var part = new ByteArrayContent(sheet);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Platform.Http.ApiDocs.Xlsx);
        return new MultipartFormDataContent { { part, "file", "越界.xlsx" } };
    }

    /// <summary>A small PNG upload (multipart/form-data, field <c>file</c>); <paramref name="seed"/> varies its content.</summary>
    private static MultipartFormDataContent Photo(byte seed)
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, seed, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var part = new ByteArrayContent(png);
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { part, "file", "现场.png" } };
    }

    [Fact]
    public async Task A_county_duty_officer_reads_only_its_own_units_and_cannot_administer()
    {
        var duty = await Beacon.SignInAsync("duty.150204");

        var units = await duty.GetAllPagesAsync<UnitView>("/api/v1/units", Ct);

        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Equal("150204", u.JurisdictionCode));
        Assert.Equal(HttpStatusCode.Forbidden, (await duty.GetAsync("/api/v1/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await duty.GetAsync("/api/v1/audit", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await duty.PostJsonAsync("/api/v1/units", new { jurisdictionCode = "150204", name = "新单位", kind = "LineDepartment" })).StatusCode);
    }

    [Fact]
    public async Task A_prefecture_administrator_manages_its_counties_but_not_another_prefecture()
    {
        var baotou = await Beacon.SignInAsync("admin.150200");

        var accounts = await baotou.GetAllPagesAsync<AccountView>("/api/v1/accounts", Ct);

        Assert.Contains(accounts, a => a.UserName == "duty.150203");
        Assert.All(accounts, a => Assert.StartsWith("1502", a.JurisdictionCode, StringComparison.Ordinal));
        Assert.DoesNotContain(accounts, a => a.UserName == "duty.150100");
    }
}

public sealed class ScopeTestsOnSqlite(SqliteBeacon beacon) : ScopeTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ScopeTestsOnPostgres(PostgresBeacon beacon) : ScopeTests(beacon), IClassFixture<PostgresBeacon>;
