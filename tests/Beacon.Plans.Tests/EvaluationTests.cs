using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Plans.Drills;
using Beacon.Plans.Evaluation;
using Beacon.Plans.Plans;
using Beacon.Plans.Plans.Revisions;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Plans.Tests;

/// <summary>
/// Issue 16, "What to build" 6 and the revision tasks of 1: a drill that took place is scored against a configurable
/// template per participant and overall; its findings become a plan revision task (trigger: drill finding) or a
/// follow-up action with an owner unit and due date, due and overdue on the owner's workbench; the report reads back
/// from DOCX in Chinese. Bad input is refused with the field and code and stores nothing; a neighbour sees none of it.
/// </summary>
public abstract class EvaluationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_drill_that_took_place_is_scored_its_findings_become_tasks_on_the_owners_workbench_and_the_report_reads_back()
    {
        var (drill, plan, room, department) = await PlanDrillAsync("甲");
        var organiser = await Beacon.SignInAsync("liaison.150203");

        // Not yet held: nothing to score.
        var early = await PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = Guid.NewGuid(), sheets = new[] { new { scores = new[] { 1 } } } });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(PlansErrors.DrillNotHeld, (await early.JsonAsync()).GetProperty("code").GetString());

        await HoldAsync();
        organiser = await Beacon.SignInAsync("liaison.150203");
        var template = await CreateTemplateAsync(organiser, "昆都仑区桌面推演评估模板（甲）");

        var scored = await PutEvaluationAsync(organiser, drill.Id, 0, new
        {
            templateId = template.Id,
            summary = "信息报送及时，协调有序，疏散方案需细化。",
            sheets = new object[]
            {
                new { unitId = room, scores = new[] { 15m, 27m }, comment = "签收及时" },
                new { scores = new[] { 18m, 24m } },
            },
        });
        Assert.True(scored.StatusCode == HttpStatusCode.OK, await scored.Content.ReadAsStringAsync(Ct));
        var evaluation = await scored.ReadAsync<EvaluationView>();
        Assert.Equal(1, evaluation.Version);
        // Overall first; weighted share of the maximum: (18/20×2 + 24/30×1) / 3 = 86.7; (15/20×2 + 27/30×1) / 3 = 80.
        Assert.Null(evaluation.Sheets[0].UnitId);
        Assert.Equal(86.7m, evaluation.Sheets[0].Total);
        Assert.Equal(room, evaluation.Sheets[1].UnitId);
        Assert.Equal(80m, evaluation.Sheets[1].Total);
        // A stale version is refused.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = template.Id, sheets = new[] { new { scores = new[] { 1m, 1m } } } })).StatusCode);

        var today = Today;
        var revision = await AddFindingAsync(organiser, drill.Id, new
        {
            unitId = room,
            text = "疏散安置组职责不清，预案未明确转移路线。",
            disposition = "PlanRevision",
            planId = plan.Id,
            ownerUnitId = room,
            dueOn = today.AddDays(30),
        });
        var followUp = await AddFindingAsync(organiser, drill.Id, new
        {
            text = "医疗救治组未按时报告伤员收治情况。",
            disposition = "FollowUp",
            ownerUnitId = department,
            dueOn = today.AddDays(7),
        });
        Assert.Equal((RevisionKind.Revision, RevisionTrigger.DrillFinding, (Guid?)plan.Id, room), (revision.Task!.Kind, revision.Task.Trigger, revision.Task.PlanId, revision.Task.OwnerUnitId));
        Assert.Equal((RevisionKind.FollowUp, (Guid?)null, department, today.AddDays(7)), (followUp.Task!.Kind, followUp.Task.PlanId, followUp.Task.OwnerUnitId, followUp.Task.DueOn));
        var read = await (await organiser.GetAsync($"/api/v1/drills/{drill.Id}/evaluation", Ct)).ReadAsync<EvaluationView>();
        Assert.Equal([revision.Id, followUp.Id], read.Findings.Select(f => f.Id).ToArray());

        // The follow-up (due in 7 days) is on its owner's workbench as due soon; the revision (30 days) not yet.
        var duty = await Beacon.SignInAsync("duty.150203");
        Assert.Contains(followUp.Task.Id.ToString(), await WorkbenchAsync(organiser), StringComparison.Ordinal);
        Assert.DoesNotContain(revision.Task.Id.ToString(), await WorkbenchAsync(duty), StringComparison.Ordinal);
        // Twenty days on: the follow-up is overdue, the revision due soon.
        Beacon.Clock.Advance(TimeSpan.FromDays(20));
        duty = await Beacon.SignInAsync("duty.150203");
        organiser = await Beacon.SignInAsync("liaison.150203");
        Assert.Contains(revision.Task.Id.ToString(), await WorkbenchAsync(duty), StringComparison.Ordinal);
        var overdue = await organiser.GetAllPagesAsync<RevisionTaskView>("/api/v1/plan-revisions?filter=Overdue", Ct);
        Assert.Equal(ReviewState.Overdue, Assert.Single(overdue, t => t.Id == followUp.Task.Id).State);
        Assert.DoesNotContain(overdue, t => t.Id == revision.Task.Id);

        // Done: off the lists and the workbench; done twice is a conflict.
        var done = await organiser.PostJsonAsync($"/api/v1/plan-revisions/{followUp.Task.Id}/complete", new { outcome = "已组织医疗救治组专题培训。" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await organiser.PostJsonAsync($"/api/v1/plan-revisions/{followUp.Task.Id}/complete", new { outcome = "再次完成" })).StatusCode);
        Assert.DoesNotContain(followUp.Task.Id.ToString(), await WorkbenchAsync(organiser), StringComparison.Ordinal);
        Assert.DoesNotContain(await organiser.GetAllPagesAsync<RevisionTaskView>("/api/v1/plan-revisions", Ct), t => t.Id == followUp.Task.Id);

        // The report: Chinese text intact, scores and findings in it.
        var docx = await organiser.GetAsync($"/api/v1/drills/{drill.Id}/report.docx", Ct);
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false))
        {
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains(drill.Title + "评估报告", text, StringComparison.Ordinal);
            Assert.Contains("86.7", text, StringComparison.Ordinal);
            Assert.Contains("疏散安置组职责不清，预案未明确转移路线。", text, StringComparison.Ordinal);
            Assert.Contains("转为预案修订任务：" + plan.Title, text, StringComparison.Ordinal);
            Assert.Contains("信息报送及时，协调有序，疏散方案需细化。", text, StringComparison.Ordinal);
        }

        await using var db = Beacon.Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "drill.evaluated" && e.EntityId == drill.Id.ToString(), Ct));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "drill.finding-recorded" && e.EntityId == drill.Id.ToString(), Ct));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "plan.revision-done" && e.EntityId == followUp.Task.Id.ToString(), Ct));

        // A neighbouring county sees none of it.
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/drills/{drill.Id}/evaluation", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/drills/{drill.Id}/report.docx", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/drills/{drill.Id}/findings", new { text = "越界问题" })).StatusCode);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<RevisionTaskView>("/api/v1/plan-revisions?filter=All", Ct), t => t.Id == revision.Task.Id);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<TemplateView>("/api/v1/drill-templates", Ct), t => t.Id == template.Id);
    }

    [Fact]
    public async Task A_revision_task_has_its_trigger_owner_and_due_date_and_bad_input_gets_400_naming_the_field_and_stores_nothing()
    {
        var (drill, plan, room, _) = await PlanDrillAsync("乙");
        await HoldAsync();
        var organiser = await Beacon.SignInAsync("liaison.150203");
        var duty = await Beacon.SignInAsync("duty.150203");
        var template = await CreateTemplateAsync(organiser, "昆都仑区桌面推演评估模板（乙）");
        var neighbourRoom = (await (await Beacon.SignInAsync("admin.150000")).GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150204&kind=DutyRoom", Ct)).Single().Id;
        var today = Today;

        // A revision task opened on the plan for a change of law.
        var created = await duty.PostJsonAsync($"/api/v1/plans/{plan.Id}/revisions", new
        {
            trigger = "LawChange",
            description = "《突发事件应对法》修订，调整信息报告时限。",
            ownerUnitId = room,
            dueOn = today.AddDays(60),
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var task = await created.ReadAsync<RevisionTaskView>();
        Assert.Equal((RevisionKind.Revision, RevisionTrigger.LawChange, (Guid?)plan.Id, room, today.AddDays(60), ReviewState.Ok),
            (task.Kind, task.Trigger, task.PlanId, task.OwnerUnitId, task.DueOn, task.State));

        await Refused(organiser.PostJsonAsync("/api/v1/drill-templates", new { title = "空模板（乙）", items = Array.Empty<object>() }), "items", PlansErrors.TemplateItemsRequired);
        await Refused(organiser.PostJsonAsync("/api/v1/drill-templates", new { title = "错误模板（乙）", items = new[] { new { name = "信息报送", maxScore = 0, weight = 1 } } }),
            "items[0].maxScore", PlansErrors.TemplateItem);
        await Refused(PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = template.Id, sheets = new[] { new { scores = new[] { 18m, 31m } } } }),
            "sheets[0].scores[1]", PlansErrors.ScoreRange);
        await Refused(PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = template.Id, sheets = new[] { new { scores = new[] { 18m } } } }),
            "sheets[0].scores", PlansErrors.ScoresCount);
        await Refused(PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = template.Id, sheets = new[] { new { unitId = (Guid?)neighbourRoom, scores = new[] { 1m, 1m } } } }),
            "sheets[0].unitId", PlansErrors.SheetUnit);
        await Refused(PutEvaluationAsync(organiser, drill.Id, 0, new { templateId = Guid.NewGuid(), sheets = new[] { new { scores = new[] { 1m, 1m } } } }),
            "templateId", PlansErrors.TemplateUnknown);
        await Refused(AddFindingRawAsync(organiser, drill.Id, new { text = "错误问题（乙）", disposition = "PlanRevision", planId = Guid.NewGuid(), ownerUnitId = room, dueOn = today.AddDays(5) }),
            "planId", PlansErrors.FindingPlan);
        await Refused(AddFindingRawAsync(organiser, drill.Id, new { text = "错误问题（乙）", disposition = "FollowUp", ownerUnitId = room, dueOn = today.AddDays(-1) }),
            "dueOn", PlansErrors.RevisionDue);
        await Refused(AddFindingRawAsync(organiser, drill.Id, new { text = "错误问题（乙）", disposition = "FollowUp", ownerUnitId = neighbourRoom, dueOn = today.AddDays(3) }),
            "ownerUnitId", PlansErrors.RevisionOwner);
        await Refused(AddFindingRawAsync(organiser, drill.Id, new { unitId = neighbourRoom, text = "错误问题（乙）" }), "unitId", PlansErrors.FindingUnit);
        await Refused(duty.PostJsonAsync($"/api/v1/plans/{plan.Id}/revisions", new { trigger = "OrganisationChange", description = "错误修订（乙）", ownerUnitId = neighbourRoom, dueOn = today.AddDays(3) }),
            "ownerUnitId", PlansErrors.RevisionOwner);
        await Refused(duty.PostJsonAsync($"/api/v1/plans/{plan.Id}/revisions", new { trigger = "IncidentLesson", description = "错误修订（乙）", ownerUnitId = room, dueOn = today.AddDays(-3) }),
            "dueOn", PlansErrors.RevisionDue);
        // Control characters never get in.
        await Refused(AddFindingRawAsync(organiser, drill.Id, new { text = "错误问题\u0007（乙）" }), "text", null);

        await using var db = Beacon.Db();
        Assert.False(await db.Set<DrillEvaluation>().AnyAsync(e => e.DrillId == drill.Id, Ct));
        Assert.False(await db.Set<DrillFinding>().AnyAsync(f => f.DrillId == drill.Id, Ct));
        Assert.False(await db.Set<EvaluationTemplate>().AnyAsync(t => t.Title.EndsWith("模板（乙）") && t.Id != template.Id, Ct));
        Assert.Equal([task.Id], await db.Set<RevisionTask>().Where(t => t.PlanId == plan.Id).Select(t => t.Id).ToListAsync(Ct));
    }

    private static async Task Refused(Task<HttpResponseMessage> call, string field, string? code)
    {
        var response = await call;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var codes = await response.FieldCodesAsync(field);
        Assert.NotEmpty(codes);
        if (code is not null)
        {
            Assert.Contains(code, codes);
        }
    }

    private DateOnly Today => DateOnly.FromDateTime(Beacon.Clock.GetUtcNow().AddHours(8).DateTime);

    /// <summary>A tabletop drill of a county plan, organised by the county's department with its duty room taking part, starting in an hour.</summary>
    private async Task<(DrillView Drill, PlanView Plan, Guid Room, Guid Department)> PlanDrillAsync(string tag)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var organiser = await Beacon.SignInAsync("liaison.150203");
        var room = (await (await duty.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;
        var department = (await (await organiser.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;
        var plan = await PlanTests.RegisterAsync(duty, $"昆都仑区危化品事故专项应急预案（评估{tag}）", room, department);
        var now = Beacon.Clock.GetUtcNow();
        var created = await organiser.PostJsonAsync("/api/v1/drills", new
        {
            title = $"昆都仑区危化品泄漏桌面推演（评估{tag}）",
            type = "Tabletop",
            planIds = new[] { plan.Id },
            participantUnitIds = new[] { room },
            scenario = "某化工企业储罐泄漏，推演信息报送、预案启动与疏散。",
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = new[] { new { title = $"企业报告储罐泄漏（评估{tag}）", eventTypeCode = "12A03", text = "演练注入：储罐阀门泄漏。", at = now.AddHours(2) } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.ReadAsync<DrillView>(), plan, room, department);
    }

    /// <summary>The drill's window passes on the fake clock and its inject is delivered: it took place.</summary>
    private async Task HoldAsync()
    {
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        await Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(Ct);
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
    }

    private static async Task<TemplateView> CreateTemplateAsync(HttpClient client, string title)
    {
        var response = await client.PostJsonAsync("/api/v1/drill-templates", new
        {
            title,
            items = new[] { new { name = "信息报送", maxScore = 20, weight = 2 }, new { name = "指挥协调", maxScore = 30, weight = 1 } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<TemplateView>();
    }

    private static Task<HttpResponseMessage> PutEvaluationAsync(HttpClient client, Guid drill, int version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/drills/{drill}/evaluation") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }

    private static Task<HttpResponseMessage> AddFindingRawAsync(HttpClient client, Guid drill, object body) => client.PostJsonAsync($"/api/v1/drills/{drill}/findings", body);

    private static async Task<FindingView> AddFindingAsync(HttpClient client, Guid drill, object body)
    {
        var response = await AddFindingRawAsync(client, drill, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<FindingView>();
    }

    private static async Task<string> WorkbenchAsync(HttpClient client) => await (await client.GetAsync("/api/v1/workbench", Ct)).Content.ReadAsStringAsync(Ct);
}

public sealed class EvaluationTestsOnSqlite(SqliteBeacon beacon) : EvaluationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class EvaluationTestsOnPostgres(PostgresBeacon beacon) : EvaluationTests(beacon), IClassFixture<PostgresBeacon>;
