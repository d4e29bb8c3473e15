using System.ComponentModel.DataAnnotations;
using Beacon.Plans.Drills;
using Beacon.Plans.Plans;
using Beacon.Plans.Plans.Revisions;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Platform.Workbench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Plans.Evaluation;

public sealed record ScoreItemRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Name,
    [property: Range(1, 1000)] int MaxScore,
    [property: Range(1, 100)] int Weight);

public sealed record CreateTemplateRequest(
    [property: Required, StringLength(200, MinimumLength = 2)] string Title,
    [property: MaxLength(50)] IReadOnlyList<ScoreItemRequest>? Items);

/// <summary>The scores of one participant (<see cref="UnitId"/>) or, without a unit, of the drill as a whole.</summary>
public sealed record SheetRequest(Guid? UnitId, [property: MaxLength(50)] IReadOnlyList<decimal>? Scores, [property: StringLength(1000)] string? Comment);

public sealed record EvaluateRequest(
    [property: Required] Guid? TemplateId,
    [property: MaxLength(101)] IReadOnlyList<SheetRequest>? Sheets,
    [property: StringLength(4000)] string? Summary);

/// <summary>What a finding becomes: nothing more, a plan revision task, or a follow-up action.</summary>
public enum FindingDisposition
{
    None = 0,
    PlanRevision = 1,
    FollowUp = 2,
}

public sealed record FindingRequest(
    Guid? UnitId,
    [property: Required, StringLength(2000, MinimumLength = 2)] string Text,
    [property: EnumDataType(typeof(FindingDisposition))] FindingDisposition? Disposition,
    Guid? PlanId,
    Guid? OwnerUnitId,
    DateOnly? DueOn);

public sealed record TemplateView(Guid Id, string Title, Guid JurisdictionId, string Jurisdiction, IReadOnlyList<ScoreItem> Items, string CreatedBy, DateTimeOffset CreatedAt)
{
    public string? CreatedByName { get; init; }
}

public sealed record SheetView(Guid? UnitId, string Unit, IReadOnlyList<decimal> Scores, decimal Total, string? Comment);

public sealed record FindingView(Guid Id, Guid? UnitId, string Unit, string Text, RevisionTaskView? Task, string CreatedBy, string? CreatedByName, DateTimeOffset CreatedAt);

/// <summary>
/// A drill's evaluation as the caller sees it: whether the drill took place (only then can it be scored), the template's
/// items and the sheets with their weighted totals (overall first), and the findings with the tasks they became.
/// <see cref="Version"/> 0: not evaluated yet.
/// </summary>
public sealed record EvaluationView(
    Guid DrillId, string DrillTitle, bool TookPlace, Guid? TemplateId, string? TemplateTitle, IReadOnlyList<ScoreItem> Items, IReadOnlyList<SheetView> Sheets,
    string? Summary, string? EvaluatedBy, string? EvaluatedByName, DateTimeOffset? EvaluatedAt, int Version, IReadOnlyList<FindingView> Findings);

/// <summary>
/// Drill evaluation (演练评估): scoring templates kept by a jurisdiction (used there, below, and below those above); the
/// scores per participant and overall of a drill that took place; findings, each of which may become a plan revision
/// task (trigger: drill finding) or a follow-up action with an owner unit and due date; and the drill report as DOCX.
/// </summary>
public sealed class EvaluationHandler(
    BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DrillReader drills, PlanReader plans, RevisionsHandler revisions, People people,
    JurisdictionTree tree, BeijingTime beijing, WorkbenchSignal workbench)
{
    /// <summary>Templates of the caller's jurisdiction and below, and those of the jurisdictions above it; newest first, then id.</summary>
    public async Task<Paged<TemplateView>> TemplatesAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var query = await VisibleTemplatesAsync(db, ct);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new Paged<TemplateView>(await TemplateViewsAsync(rows, ct), total, page.Page, page.PageSize);
    }

    public async Task<IResult> CreateTemplateAsync(CreateTemplateRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.EvaluateDrill, ct: ct);
        if (scopes.Actor.JurisdictionId is not { } jurisdictionId)
        {
            return ApiResults.Forbidden(PlansErrors.NoUnit, "Only an account of a jurisdiction keeps templates.");
        }

        var items = r.Items ?? [];
        if (items.Count == 0)
        {
            return ApiResults.Invalid("items", PlansErrors.TemplateItemsRequired, "a template needs at least one scoring item");
        }

        // Items are nested: their limits are checked here (the edge validates the request's own members).
        var errors = new List<FieldError>();
        for (var i = 0; i < items.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(items[i].Name) || items[i].Name.Trim().Length > 100)
            {
                errors.Add(new($"items[{i}].name", PlansErrors.TemplateItem, "1 to 100 characters"));
            }

            if (items[i].MaxScore is < 1 or > 1000)
            {
                errors.Add(new($"items[{i}].maxScore", PlansErrors.TemplateItem, "between 1 and 1000"));
            }

            if (items[i].Weight is < 1 or > 100)
            {
                errors.Add(new($"items[{i}].weight", PlansErrors.TemplateItem, "between 1 and 100"));
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var template = new EvaluationTemplate
        {
            Title = r.Title.Trim(),
            JurisdictionId = jurisdictionId,
            Items = items.Select(i => new ScoreItem(i.Name.Trim(), i.MaxScore, i.Weight)).ToList(),
            CreatedBy = scopes.Actor.UserName,
            CreatedAt = clock.GetUtcNow(),
        };
        await using var db = dbs.CreateDbContext();
        db.Add(template);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/drill-templates/{template.Id}", (await TemplateViewsAsync([template], ct)).Single());
    }

    /// <summary>The drill's evaluation and findings; null when the drill is not visible to the caller.</summary>
    public async Task<EvaluationView?> FindAsync(Guid drillId, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var drill = (await drills.VisibleAsync(db, q => q.Where(d => d.Id == drillId), ct)).SingleOrDefault();
        return drill is null ? null : await ViewAsync(db, drill, ct);
    }

    public async Task<IResult> GetAsync(HttpContext http, Guid drillId, CancellationToken ct)
    {
        if (await FindAsync(drillId, ct) is not { } view)
        {
            return ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill");
        }

        ApiResults.SetETag(http, view.Version);
        return TypedResults.Ok(view);
    }

    public async Task<IResult> EvaluateAsync(Guid drillId, EvaluateRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.EvaluateDrill, drillId, ct);
        await using var db = dbs.CreateDbContext();
        var drill = (await drills.VisibleAsync(db, q => q.Where(d => d.Id == drillId), ct)).SingleOrDefault();
        if (drill is null)
        {
            return ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill");
        }

        var evaluation = await db.Set<DrillEvaluation>().SingleOrDefaultAsync(e => e.DrillId == drillId, ct);
        if (ApiResults.CheckIfMatch(ifMatch, evaluation?.Version ?? 0) is { } failed)
        {
            return failed;
        }

        if (!DrillReader.TookPlace(drill, clock.GetUtcNow()))
        {
            return ApiResults.Conflict(PlansErrors.DrillNotHeld, "The drill has not taken place yet.");
        }

        var template = await (await VisibleTemplatesAsync(db, ct)).SingleOrDefaultAsync(t => t.Id == r.TemplateId, ct);
        var errors = new List<FieldError>();
        if (template is null)
        {
            errors.Add(new("templateId", PlansErrors.TemplateUnknown, "must be a template you can see"));
        }

        var sheets = r.Sheets ?? [];
        if (sheets.Count == 0)
        {
            errors.Add(new("sheets", PlansErrors.ScoresCount, "score the drill as a whole or at least one participant"));
        }

        var seen = new HashSet<Guid?>();
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            if (!seen.Add(sheet.UnitId) || (sheet.UnitId is { } unit && !drill.ParticipantUnitIds.Contains(unit)))
            {
                errors.Add(new($"sheets[{i}].unitId", PlansErrors.SheetUnit, "must be a participant of the drill, each once (none for the drill as a whole)"));
            }

            if (sheet.Comment is { Length: > 1000 })
            {
                errors.Add(new($"sheets[{i}].comment", PlansErrors.ScoresCount, "at most 1000 characters"));
            }

            var scores = sheet.Scores ?? [];
            if (template is not null && scores.Count != template.Items.Count)
            {
                errors.Add(new($"sheets[{i}].scores", PlansErrors.ScoresCount, $"must give {template.Items.Count} scores, one per item"));
                continue;
            }

            for (var j = 0; template is not null && j < scores.Count; j++)
            {
                if (scores[j] < 0 || scores[j] > template.Items[j].MaxScore)
                {
                    errors.Add(new($"sheets[{i}].scores[{j}]", PlansErrors.ScoreRange, $"must be between 0 and {template.Items[j].MaxScore}"));
                }
            }
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        if (evaluation is null)
        {
            evaluation = new DrillEvaluation { DrillId = drill.Id, JurisdictionId = drill.JurisdictionId, Version = 0 };
            db.Add(evaluation);
        }

        evaluation.TemplateId = template!.Id;
        evaluation.TemplateTitle = template.Title;
        evaluation.Items = [.. template.Items];
        // Overall first, then the participants in the drill's order.
        evaluation.Sheets = sheets.OrderBy(s => s.UnitId is { } u ? drill.ParticipantUnitIds.IndexOf(u) + 1 : 0)
            .Select(s => new ScoreSheet(s.UnitId, [.. s.Scores!], string.IsNullOrWhiteSpace(s.Comment) ? null : s.Comment.Trim())).ToList();
        evaluation.Summary = r.Summary?.Trim() ?? "";
        evaluation.EvaluatedBy = scopes.Actor.UserName;
        evaluation.EvaluatedAt = clock.GetUtcNow();
        evaluation.Version++;
        db.Audit("drill.evaluated", "drill", drill.Id.ToString(), new
        {
            template = template.Id,
            totals = evaluation.Sheets.Select(s => new { s.UnitId, total = DrillEvaluation.Total(evaluation.Items, s.Scores) }),
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, drill, ct));
    }

    public async Task<IResult> AddFindingAsync(Guid drillId, FindingRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(PlansPermissions.EvaluateDrill, drillId, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var drill = (await drills.VisibleAsync(db, q => q.Where(d => d.Id == drillId), ct)).SingleOrDefault();
        if (drill is null)
        {
            return ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill");
        }

        if (!DrillReader.TookPlace(drill, clock.GetUtcNow()))
        {
            return ApiResults.Conflict(PlansErrors.DrillNotHeld, "The drill has not taken place yet.");
        }

        var errors = new List<FieldError>();
        if (r.UnitId is { } unit && !drill.ParticipantUnitIds.Contains(unit))
        {
            errors.Add(new("unitId", PlansErrors.FindingUnit, "must be a participant of the drill"));
        }

        var disposition = r.Disposition ?? FindingDisposition.None;
        if (disposition == FindingDisposition.PlanRevision && (r.PlanId is not { } plan || !drill.PlanIds.Contains(plan)))
        {
            errors.Add(new("planId", PlansErrors.FindingPlan, "must be a plan the drill exercised"));
        }

        Platform.Units.Unit? owner = null;
        if (disposition != FindingDisposition.None)
        {
            owner = await revisions.OwnerAsync(db, scope, r.OwnerUnitId, r.DueOn, "ownerUnitId", "dueOn", errors, ct);
        }

        if (errors.Count > 0)
        {
            return ApiResults.Invalid(errors);
        }

        var finding = new DrillFinding
        {
            DrillId = drill.Id,
            JurisdictionId = drill.JurisdictionId,
            UnitId = r.UnitId,
            Text = r.Text.Trim(),
            CreatedBy = scopes.Actor.UserName,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(finding);
        RevisionTask? task = null;
        if (owner is not null)
        {
            task = revisions.New(disposition == FindingDisposition.PlanRevision ? RevisionKind.Revision : RevisionKind.FollowUp, RevisionTrigger.DrillFinding,
                disposition == FindingDisposition.PlanRevision ? r.PlanId : null, finding.Text, owner, r.DueOn!.Value);
            task.DrillId = drill.Id;
            task.FindingId = finding.Id;
            finding.TaskId = task.Id;
            db.Add(task);
        }

        db.Audit("drill.finding-recorded", "drill", drill.Id.ToString(), new { finding = finding.Id, disposition, task = task?.Id, owner = task?.OwnerUnitId, due = task?.DueOn });
        await db.SaveChangesAsync(ct);
        if (task is not null)
        {
            workbench.Raise(new WorkbenchChange([task.JurisdictionId], [task.OwnerUnitId]));
        }

        var view = await ViewAsync(db, drill, ct);
        return TypedResults.Created($"/api/v1/drills/{drill.Id}/evaluation", view.Findings.Single(f => f.Id == finding.Id));
    }

    /// <summary>The drill report (演练评估报告) as DOCX: the drill, its timing sheet, the scores and the findings with their tasks.</summary>
    public async Task<IResult> ReportAsync(Guid drillId, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var drill = (await drills.VisibleAsync(db, q => q.Where(d => d.Id == drillId), ct)).SingleOrDefault();
        if (drill is null)
        {
            return ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill");
        }

        var view = (await drills.ViewsAsync(db, [drill], ct)).Single();
        var timing = await drills.TimingAsync(db, drill, ct);
        var evaluation = await ViewAsync(db, drill, ct);
        var bytes = DrillReport.Docx(view, timing, evaluation, beijing);
        return TypedResults.File(bytes, ApiDocs.Docx, $"演练评估报告-{DrillReport.Date(beijing.ToLocal(drill.StartsAt))}.docx");
    }

    private async Task<IQueryable<EvaluationTemplate>> VisibleTemplatesAsync(BeaconDb db, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (scope.IsEverything)
        {
            return db.Set<EvaluationTemplate>().AsNoTracking();
        }

        var ids = scope.JurisdictionIds.Concat(await plans.AncestorsAsync(scopes.Actor.JurisdictionId, ct)).ToList();
        return db.Set<EvaluationTemplate>().AsNoTracking().Where(t => ids.Contains(t.JurisdictionId));
    }

    private async Task<List<TemplateView>> TemplateViewsAsync(IReadOnlyList<EvaluationTemplate> rows, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var names = await people.ResolveAsync(rows.Select(t => t.CreatedBy), ct);
        return rows.Select(t => new TemplateView(t.Id, t.Title, t.JurisdictionId, snapshot.Find(t.JurisdictionId)?.Name ?? "", t.Items, t.CreatedBy, t.CreatedAt)
        {
            CreatedByName = names[t.CreatedBy],
        }).ToList();
    }

    private async Task<EvaluationView> ViewAsync(BeaconDb db, Drill drill, CancellationToken ct)
    {
        var evaluation = await db.Set<DrillEvaluation>().AsNoTracking().SingleOrDefaultAsync(e => e.DrillId == drill.Id, ct);
        var findings = await db.Set<DrillFinding>().AsNoTracking().Where(f => f.DrillId == drill.Id).OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToListAsync(ct);
        var taskIds = findings.Where(f => f.TaskId != null).Select(f => f.TaskId!.Value).ToList();
        var tasks = (await revisions.ViewsAsync(db, await db.Set<RevisionTask>().AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToListAsync(ct), ct))
            .ToDictionary(t => t.Id);
        var unitIds = drill.ParticipantUnitIds.ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var names = await people.ResolveAsync(findings.Select(f => f.CreatedBy).Append(evaluation?.EvaluatedBy), ct);
        string Unit(Guid? id) => id is { } u ? units.GetValueOrDefault(u, "") : "";
        var items = evaluation?.Items ?? [];
        return new EvaluationView(
            drill.Id, drill.Title, DrillReader.TookPlace(drill, clock.GetUtcNow()), evaluation?.TemplateId, evaluation?.TemplateTitle, items,
            (evaluation?.Sheets ?? []).Select(s => new SheetView(s.UnitId, Unit(s.UnitId), s.Scores, DrillEvaluation.Total(items, s.Scores), s.Comment)).ToList(),
            evaluation?.Summary, evaluation?.EvaluatedBy, names[evaluation?.EvaluatedBy], evaluation?.EvaluatedAt, evaluation?.Version ?? 0,
            findings.Select(f => new FindingView(f.Id, f.UnitId, Unit(f.UnitId), f.Text, f.TaskId is { } t ? tasks.GetValueOrDefault(t) : null,
                f.CreatedBy, names[f.CreatedBy], f.CreatedAt)).ToList());
    }
}

internal static class EvaluationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/drill-templates", (EvaluationHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.TemplatesAsync(p, ct)))
            .WithName("ListDrillTemplates").WithTags("Drills")
            .WithSummary("Scoring templates for drill evaluation (演练评估模板) of the caller's jurisdiction, below and above; newest first, then id; paged");
        api.MapPost("/drill-templates", (EvaluationHandler h, CreateTemplateRequest r, CancellationToken ct) => h.CreateTemplateAsync(r, ct))
            .RequirePermission(PlansPermissions.EvaluateDrill)
            .WithName("CreateDrillTemplate").WithTags("Drills")
            .Produces<TemplateView>(StatusCodes.Status201Created)
            .WithSummary("Creates a scoring template of the caller's jurisdiction: items with their maximum score and weight");
        api.MapGet("/drills/{id:guid}/evaluation", (EvaluationHandler h, HttpContext http, Guid id, CancellationToken ct) => h.GetAsync(http, id, ct))
            .WithName("GetDrillEvaluation").WithTags("Drills")
            .Produces<EvaluationView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The drill's evaluation (version 0 before it is scored): items, score sheets with weighted totals out of 100, findings and their tasks");
        api.MapPut("/drills/{id:guid}/evaluation", (EvaluationHandler h, HttpContext http, Guid id, EvaluateRequest r, CancellationToken ct) =>
                h.EvaluateAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct))
            .RequirePermission(PlansPermissions.EvaluateDrill)
            .WithName("EvaluateDrill").WithTags("Drills")
            .Produces<EvaluationView>().NeedsIfMatch().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Scores a drill that took place against a template, overall (no unitId) and per participant; needs If-Match (\"0\" the first time)");
        api.MapPost("/drills/{id:guid}/findings", (EvaluationHandler h, Guid id, FindingRequest r, CancellationToken ct) => h.AddFindingAsync(id, r, ct))
            .RequirePermission(PlansPermissions.EvaluateDrill)
            .WithName("AddDrillFinding").WithTags("Drills")
            .Produces<FindingView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Records a finding (发现问题) of a drill that took place; disposition PlanRevision opens a revision task on an exercised plan, FollowUp a follow-up action, each with owner unit and due date");
        api.MapGet("/drills/{id:guid}/report.docx", (EvaluationHandler h, Guid id, CancellationToken ct) => h.ReportAsync(id, ct))
            .WithName("DrillReportDocx").WithTags("Drills")
            .ProducesFile(ApiDocs.Docx).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The drill report (演练评估报告) as DOCX: the drill, its timing sheet, scores and findings");
    }
}
