using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Beacon.Incidents.Contracts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Risks.Grading;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rectifications;
using Beacon.Risks.Rounds;
using Beacon.Warnings.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beacon.Risks.Bulletins;

public sealed record CompileBulletinRequest(
    [property: Required] DateOnly? PeriodFrom,
    [property: Required] DateOnly? PeriodTo,
    [property: Required, StringLength(50, MinimumLength = 2)] string Editor,
    [property: StringLength(50)] string? Signer,
    DateOnly? IssueDate,
    [property: Range(1, 999)] int? Number,
    [property: StringLength(2000)] string? Distribution);

public sealed record SectionInput([property: Required, StringLength(200, MinimumLength = 1)] string Heading, [property: StringLength(20000)] string? Body);

public sealed record UpdateBulletinRequest(
    [property: Required, StringLength(100, MinimumLength = 2)] string Title,
    [property: Required] DateOnly? IssueDate,
    [property: Required, StringLength(50, MinimumLength = 2)] string Editor,
    [property: StringLength(50)] string? Signer,
    [property: StringLength(2000)] string? Distribution,
    [property: Required, MinLength(1), MaxLength(30)] IReadOnlyList<SectionInput>? Sections);

public sealed record SectionView(int Order, string Heading, string Body);

public sealed record BulletinView(
    Guid Id, string Title, int Year, int Number, DateOnly IssueDate, DateOnly PeriodFrom, DateOnly PeriodTo, string IssuingOffice, string Editor,
    string? Signer, string? Distribution, string CompiledBy, DateTimeOffset CompiledAt, DateTimeOffset UpdatedAt, int Version, IReadOnlyList<SectionView> Sections);

public sealed record BulletinListItem(Guid Id, string Title, int Year, int Number, DateOnly IssueDate, DateOnly PeriodFrom, DateOnly PeriodTo, string IssuingOffice, string Editor);

/// <summary>
/// The bulletin 《应急管理动态信息》: the emergency office compiles an issue from a period's material (the rounds'
/// returns, risk changes, overdue rectifications, incidents and warnings through their modules' contracts), edits and
/// orders its sections, and exports it as DOCX (the government-bulletin layout) and PDF. Issues are read by the
/// compiling jurisdiction and those above it.
/// </summary>
public sealed class BulletinsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, BeijingTime beijing, JurisdictionTree tree,
    IServiceProvider services, IOptions<RisksOptions> options)
{
    public async Task<IResult> CompileAsync(CompileBulletinRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.CompileBulletin, null, ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unitId || actor.JurisdictionId is not { } own)
        {
            return ApiResults.Forbidden(RisksErrors.NoUnit, "Only a unit compiles the bulletin.");
        }

        var from = r.PeriodFrom!.Value;
        var to = r.PeriodTo!.Value;
        if (to < from || to.DayNumber - from.DayNumber > 366)
        {
            return ApiResults.Invalid("periodTo", RisksErrors.BulletinPeriod, "must be on or after periodFrom, within a year");
        }

        var scope = await scopes.GetAsync(ct);
        var divisions = await tree.GetAsync(ct);
        var issueDate = r.IssueDate ?? DateOnly.FromDateTime(beijing.Now.DateTime);
        await using var db = dbs.CreateDbContext();
        var number = r.Number ?? (await db.Set<Bulletin>().Where(b => b.JurisdictionId == own && b.Year == issueDate.Year).MaxAsync(b => (int?)b.Number, ct) ?? 0) + 1;
        if (await db.Set<Bulletin>().AnyAsync(b => b.JurisdictionId == own && b.Year == issueDate.Year && b.Number == number, ct))
        {
            return ApiResults.Conflict(RisksErrors.BulletinNumberTaken, "This issue number is already used this year.");
        }

        var fromUtc = beijing.ToUtc(from.ToDateTime(TimeOnly.MinValue));
        var toUtc = beijing.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var sections = await MaterialAsync(db, scope, divisions, fromUtc, toUtc, ct);
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
        var place = divisions.Find(own);
        var now = clock.GetUtcNow();
        var bulletin = new Bulletin
        {
            JurisdictionId = own,
            UnitId = unitId,
            Title = $"{(place?.Level == JurisdictionLevel.Region ? "内蒙古" : place?.Name)}应急管理动态信息",
            Year = issueDate.Year,
            Number = number,
            IssueDate = issueDate,
            PeriodFrom = from,
            PeriodTo = to,
            IssuingOffice = unit,
            Editor = r.Editor.Trim(),
            Signer = r.Signer?.Trim(),
            Distribution = r.Distribution?.Trim() ?? DefaultDistribution(place),
            CompiledBy = actor.UserName,
            CompiledAt = now,
            UpdatedAt = now,
        };
        bulletin.Sections = [.. sections.Select((s, i) => new BulletinSection { BulletinId = bulletin.Id, Order = i + 1, Heading = s.Heading, Body = s.Body })];
        bulletin.SearchText = Search(bulletin);
        db.Add(bulletin);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/risks/bulletins/{bulletin.Id}", View(bulletin));
    }

    public async Task<IResult> UpdateAsync(Guid id, UpdateBulletinRequest r, string? ifMatch, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.CompileBulletin, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var bulletin = await db.Set<Bulletin>().AsTracking().InScope(scope, b => b.JurisdictionId).Include(b => b.Sections).SingleOrDefaultAsync(b => b.Id == id, ct);
        if (bulletin is null)
        {
            return ApiResults.NotFound(RisksErrors.BulletinNotFound, "Bulletin");
        }

        if (ApiResults.CheckIfMatch(ifMatch, bulletin.Version) is { } precondition)
        {
            return precondition;
        }

        if (r.Sections!.Any(s => string.IsNullOrWhiteSpace(s.Heading)))
        {
            return ApiResults.Invalid("sections", RisksErrors.BulletinSections, "every section needs a heading");
        }

        db.RemoveRange(bulletin.Sections);
        bulletin.Sections = [.. r.Sections!.Select((s, i) => new BulletinSection { BulletinId = bulletin.Id, Order = i + 1, Heading = s.Heading.Trim(), Body = s.Body?.Trim() ?? "" })];
        db.AddRange(bulletin.Sections);
        bulletin.Title = r.Title.Trim();
        bulletin.IssueDate = r.IssueDate!.Value;
        bulletin.Editor = r.Editor.Trim();
        bulletin.Signer = r.Signer?.Trim();
        bulletin.Distribution = r.Distribution?.Trim();
        bulletin.SearchText = Search(bulletin);
        bulletin.UpdatedAt = clock.GetUtcNow();
        bulletin.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(bulletin));
    }

    public async Task<BulletinView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var bulletin = await db.Set<Bulletin>().AsNoTracking().InScope(scope, b => b.JurisdictionId).Include(b => b.Sections).SingleOrDefaultAsync(b => b.Id == id, ct);
        return bulletin is null ? null : View(bulletin);
    }

    public async Task<Paged<BulletinListItem>> ListAsync(string? q, PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<Bulletin>().AsNoTracking().InScope(scope, b => b.JurisdictionId);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(b => b.SearchText.Contains(term) || b.Title.Contains(term));
        }

        return await query.OrderByDescending(b => b.Year).ThenByDescending(b => b.Number).ThenBy(b => b.Id)
            .Select(b => new BulletinListItem(b.Id, b.Title, b.Year, b.Number, b.IssueDate, b.PeriodFrom, b.PeriodTo, b.IssuingOffice, b.Editor))
            .ToPagedAsync(page, ct);
    }

    public async Task<IResult> DocxAsync(Guid id, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } view)
        {
            return ApiResults.NotFound(RisksErrors.BulletinNotFound, "Bulletin");
        }

        return TypedResults.File(BulletinDocument.Docx(view), BulletinDocument.DocxType, $"bulletin-{view.Year}-{view.Number:000}.docx");
    }

    public async Task<IResult> PdfAsync(Guid id, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is not { } view)
        {
            return ApiResults.NotFound(RisksErrors.BulletinNotFound, "Bulletin");
        }

        var pdf = await BulletinDocument.PdfAsync(view, options.Value.ChromiumPath, ct);
        return pdf is null
            ? ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "PDF unavailable", RisksErrors.PdfUnavailable, "The PDF renderer is not installed on this server; export DOCX instead.")
            : TypedResults.File(pdf, "application/pdf", $"bulletin-{view.Year}-{view.Number:000}.pdf");
    }

    private static string DefaultDistribution(JurisdictionTree.Node? place) =>
        place?.Level == JurisdictionLevel.Region ? "报：自治区党委、政府领导同志\n送：应急管理部\n发：各盟市人民政府，自治区各有关部门"
            : "报：市委、市政府领导同志\n送：自治区人民政府应急管理办公室\n发：各旗县区人民政府，市各有关部门";

    private static string Search(Bulletin b)
    {
        var text = string.Join("\n", b.Sections.OrderBy(s => s.Order).Select(s => s.Heading + "\n" + s.Body));
        return text.Length > 64000 ? text[..64000] : text;
    }

    private static BulletinView View(Bulletin b) => new(b.Id, b.Title, b.Year, b.Number, b.IssueDate, b.PeriodFrom, b.PeriodTo, b.IssuingOffice, b.Editor,
        b.Signer, b.Distribution, b.CompiledBy, b.CompiledAt, b.UpdatedAt, b.Version, [.. b.Sections.OrderBy(s => s.Order).Select(s => new SectionView(s.Order, s.Heading, s.Body))]);

    /// <summary>The sections compiled from the period [<paramref name="from"/>, <paramref name="to"/>) in the caller's scope.</summary>
    private async Task<List<(string Heading, string Body)>> MaterialAsync(BeaconDb db, DataScope scope, JurisdictionTree.Snapshot divisions,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        string Name(Guid j) => divisions.Find(j)?.Name ?? "";
        string Date(DateTimeOffset t) => beijing.ToLocal(t).ToString("M月d日", CultureInfo.InvariantCulture);
        var sections = new List<(string, string)>();
        var now = clock.GetUtcNow();

        // 一、风险隐患排查情况: the rounds due in the period.
        var rounds = await db.Set<InvestigationRound>().AsNoTracking().InScope(scope, x => x.IssuerJurisdictionId)
            .Where(x => x.DueAt >= from && x.DueAt < to || x.OpenedAt >= from && x.OpenedAt < to)
            .Include(x => x.Targets).ThenInclude(t => t.Findings).OrderBy(x => x.DueAt).ThenBy(x => x.Id).AsSplitQuery().ToListAsync(ct);
        var text = new StringBuilder();
        foreach (var round in rounds)
        {
            var statuses = round.Targets.Select(t => (Target: t, Status: RoundsHandler.StatusOf(t, now))).ToList();
            string List(ReturnStatus s) => string.Join("、", statuses.Where(x => x.Status == s).Select(x => Name(x.Target.JurisdictionId)));
            text.Append(CultureInfo.InvariantCulture, $"{Date(round.OpenedAt)}部署的“{round.Title}”（截止{Date(round.DueAt)}）：应报送{round.Targets.Count}个单位，");
            text.Append(CultureInfo.InvariantCulture, $"按时报送{statuses.Count(x => x.Status == ReturnStatus.OnTime)}个");
            text.Append(statuses.Any(x => x.Status == ReturnStatus.Late) ? $"，逾期报送{statuses.Count(x => x.Status == ReturnStatus.Late)}个（{List(ReturnStatus.Late)}）" : "");
            text.Append(statuses.Any(x => x.Status == ReturnStatus.Missing) ? $"，未报送{statuses.Count(x => x.Status == ReturnStatus.Missing)}个（{List(ReturnStatus.Missing)}）" : "");
            text.Append(statuses.Any(x => x.Status == ReturnStatus.Pending) ? $"，尚未到期{statuses.Count(x => x.Status == ReturnStatus.Pending)}个" : "");
            var findings = round.Targets.SelectMany(t => t.Findings.Select(f => (t.JurisdictionId, f))).ToList();
            text.Append(CultureInfo.InvariantCulture, $"。共排查发现问题{findings.Count}条，零报告{round.Targets.Count(t => t.IsNil)}个。\n");
            foreach (var (j, f) in findings.Take(30))
            {
                text.Append(CultureInfo.InvariantCulture, $"{Name(j)}：{f.Description}\n");
            }
        }

        sections.Add(("一、风险隐患排查情况", rounds.Count == 0 ? "本期无排查任务。" : text.ToString().TrimEnd()));

        // 二、风险等级变化: assessments in the period whose level differs from the one before.
        var assessed = await db.Set<Hazard>().AsNoTracking().InScope(scope, h => h.JurisdictionId)
            .Where(h => h.Assessments.Any(a => a.AssessedAt >= from && a.AssessedAt < to))
            .Include(h => h.Assessments).OrderBy(h => h.Name).ThenBy(h => h.Id).Take(100).AsSplitQuery().ToListAsync(ct);
        var changes = new StringBuilder();
        foreach (var h in assessed)
        {
            var history = h.Assessments.OrderBy(a => a.AssessedAt).ThenBy(a => a.Id).ToList();
            var last = history.Last(a => a.AssessedAt < to);
            var before = history.LastOrDefault(a => a.AssessedAt < from);
            var grade = last.MajorGrade is { } g ? $"（重大危险源{RiskGrading.GradeName(g)}）" : "";
            if (before is null)
            {
                changes.Append(CultureInfo.InvariantCulture, $"{Name(h.JurisdictionId)}：{h.Name}，评估为{RiskGrading.LevelName(last.Level)}风险{grade}。\n");
            }
            else if (before.Level != last.Level)
            {
                var verb = last.Level > before.Level ? "升为" : "降为";
                changes.Append(CultureInfo.InvariantCulture, $"{Name(h.JurisdictionId)}：{h.Name}，由{RiskGrading.LevelName(before.Level)}风险{verb}{RiskGrading.LevelName(last.Level)}风险{grade}。\n");
            }
        }

        sections.Add(("二、风险等级变化", changes.Length == 0 ? "本期风险等级无变化。" : changes.ToString().TrimEnd()));

        // 三、逾期未整改: open rectifications past their deadline by the end of the period.
        var overdue = await db.Set<Rectification>().AsNoTracking().InScope(scope, x => x.JurisdictionId)
            .Where(x => x.Status == RectificationStatus.Open && x.DueAt < to && x.DueAt < now).OrderBy(x => x.DueAt).ThenBy(x => x.Id).Take(100).ToListAsync(ct);
        sections.Add(("三、逾期未整改事项", overdue.Count == 0 ? "本期无逾期未整改事项。"
            : string.Join("\n", overdue.Select(x => $"{Name(x.JurisdictionId)}：{x.Title}（责任人{x.Owner}，整改时限{Date(x.DueAt)}，已逾期{Math.Max(1, (int)(now - x.DueAt).TotalDays)}天）"))));

        // 四、突发事件 and 五、预警信息, when those modules are installed: read through their contracts, in the caller's scope.
        if (services.GetService<IIncidentQueries>() is { } incidents)
        {
            var list = await incidents.ListAsync(new IncidentQuery(from, to, Take: 50), ct);
            sections.Add(("四、突发事件情况", list.Count == 0 ? "本期未接报突发事件。"
                : $"本期共接报突发事件{list.Count}起。\n" + string.Join("\n", list.Take(20).Select(i => $"{Date(i.OccurredAt)}，{Name(i.LocationJurisdictionId)}：{i.Title}（{i.Number}）"))));
        }

        if (services.GetService<IWarningQueries>() is { } warnings)
        {
            var current = await warnings.CurrentAsync(ct);
            sections.Add(("五、预警信息", current.Count == 0 ? "目前无生效预警。"
                : $"目前生效预警{current.Count}条。\n" + string.Join("\n", current.Take(20).Select(w => w.Headline))));
        }

        return sections;
    }
}

internal static class BulletinsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/risks/bulletins", (BulletinsHandler h, CompileBulletinRequest r, CancellationToken ct) => h.CompileAsync(r, ct))
            .RequirePermission(RisksPermissions.CompileBulletin)
            .WithName("CompileBulletin").WithTags("Risks").Produces<BulletinView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict)
            .WithSummary("Compiles an issue of 《应急管理动态信息》 from a period's material (rounds, risk changes, overdue rectifications, incidents, warnings); the next issue number of the year unless given; honours Idempotency-Key");
        api.MapGet("/risks/bulletins", (BulletinsHandler h, HttpContext http, string? q, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(q, p, ct)))
            .WithName("ListBulletins").WithTags("Risks")
            .WithSummary("Past issues in the caller's scope, newest year and number first, then id; q searches title and text; paged");
        api.MapGet("/risks/bulletins/{id:guid}", async (HttpContext http, BulletinsHandler h, Guid id, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, ct) is not { } view)
                {
                    return ApiResults.NotFound(RisksErrors.BulletinNotFound, "Bulletin");
                }

                ApiResults.SetETag(http, view.Version);
                return TypedResults.Ok(view);
            })
            .WithName("GetBulletin").WithTags("Risks").Produces<BulletinView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One issue with its ordered sections and its ETag (for editing's If-Match)");
        api.MapPut("/risks/bulletins/{id:guid}", async (HttpContext http, BulletinsHandler h, Guid id, UpdateBulletinRequest r, CancellationToken ct) =>
            {
                var result = await h.UpdateAsync(id, r, http.Request.Headers.IfMatch.ToString(), ct);
                if (result is Ok<BulletinView> { Value: { } view })
                {
                    ApiResults.SetETag(http, view.Version);
                }

                return result;
            })
            .RequirePermission(RisksPermissions.CompileBulletin)
            .WithName("UpdateBulletin").WithTags("Risks").Produces<BulletinView>().AnswersETag(StatusCodes.Status200OK).NeedsIfMatch()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Edits an issue: masthead, date, editor, signer, distribution and its sections in the order given; needs If-Match");
        api.MapGet("/risks/bulletins/{id:guid}/document.docx", (BulletinsHandler h, Guid id, CancellationToken ct) => h.DocxAsync(id, ct))
            .WithName("BulletinDocx").WithTags("Risks").ProducesFile(BulletinDocument.DocxType).ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The issue as DOCX in the layout of a government bulletin: red masthead, issue number, issuing office, sections, distribution list");
        api.MapGet("/risks/bulletins/{id:guid}/document.pdf", (BulletinsHandler h, Guid id, CancellationToken ct) => h.PdfAsync(id, ct))
            .WithName("BulletinPdf").WithTags("Risks").ProducesFile("application/pdf").ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The issue as PDF (the same layout, printed by headless Chromium with the server's CJK fonts)");
    }
}
