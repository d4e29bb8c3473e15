using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.Register;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Beacon.Incidents.Documents;

/// <summary>
/// Timeliness of one unit in a period: first reports (首报及时率), follow-ups (续报及时率) and answers to
/// verification requests (核报及时率). Of those due, each is on time, late (met after its deadline, 迟报) or open
/// (unmet past its deadline, 逾期未报): due = on time + late + open.
/// </summary>
public sealed record TimelinessRow(
    string UnitName, string JurisdictionCode, int FirstDue, int FirstOnTime, double? FirstRate, int FollowUpDue, int FollowUpOnTime, double? FollowUpRate,
    int VerificationDue = 0, int VerificationOnTime = 0, double? VerificationRate = null,
    int FirstLate = 0, int FirstOpen = 0, int FollowUpLate = 0, int FollowUpOpen = 0, int VerificationLate = 0, int VerificationOpen = 0);

/// <summary>Written reports as DOCX, the register and timeliness statistics as Excel; all scoped like the API.</summary>
public sealed class ExportsHandler(BeaconDbFactory dbs, ScopeService scopes, GetIncidentHandler incidents, RegisterFilters filters, BeijingTime beijing, TimeProvider clock)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<IResult> ReportDocxAsync(Guid incidentId, Guid reportId, CancellationToken ct)
    {
        var detail = await incidents.FindAsync(incidentId, ct);
        var report = detail?.Reports.SingleOrDefault(r => r.Id == reportId);
        if (detail is null || report is null)
        {
            return ApiResults.NotFound(IncidentErrors.ReportNotFound, "Report");
        }

        var bytes = ReportDocument.Render(detail, report, t => beijing.Format(t));
        return TypedResults.File(bytes, Docx, $"{detail.Incident.Number}-{report.Title}.docx");
    }

    /// <summary>
    /// The register as filtered (the same query as <c>GET /incidents</c>, checked the same way): every matching row, all
    /// pages, in the register's order. Drills only when the query asks for them, marked in the sheet.
    /// </summary>
    public async Task<IResult> RegisterXlsxAsync(RegisterQuery query, CancellationToken ct)
    {
        var (criteria, problem) = await filters.ResolveAsync(query, ct);
        if (problem is not null)
        {
            return problem;
        }

        var rows = (await incidents.ListAllAsync(criteria!, ct)).Select(i => new Dictionary<string, object?>
        {
            ["编号"] = i.Number,
            ["事件名称"] = i.Title,
            ["事件类型"] = i.EventTypeName,
            ["事件级别"] = ReportDocument.LevelName(i.Severity),
            ["敏感"] = i.IsSensitive ? "是" : "否",
            ["事发地点"] = i.LocationName,
            ["事发时间（北京时间）"] = beijing.Format(i.OccurredAt),
            ["接报时间（北京时间）"] = beijing.Format(i.LearnedAt),
            ["死亡"] = i.Casualties.Deaths,
            ["失踪"] = i.Casualties.Missing,
            ["受伤"] = i.Casualties.Injured,
            ["直接经济损失（万元）"] = i.Casualties.DirectLossTenThousandYuan,
            ["报告次数"] = i.ReportCount,
            ["状态"] = i.Status == IncidentStatus.Closed ? "完结" : "处置中",
            ["超时"] = i.IsOverdue ? "是" : "否",
            ["下一报告时限（北京时间）"] = i.NextDueAt is { } due ? beijing.Format(due) : "",
            ["报送单位"] = i.OriginUnitName,
            ["演练"] = i.IsDrill ? "是" : "否",
        }).ToList();
        return TypedResults.File(ToXlsx(rows), Xlsx, "突发事件台账.xlsx");
    }

    /// <summary>Longest period the statistics cover in one request (a year, leap day included).</summary>
    public const int MaxTimelinessDays = 366;

    /// <summary>The 400 to answer for a period the statistics refuse (to not after from, longer than a year); null when it is fine.</summary>
    public static IResult? CheckPeriod(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } f && to is { } t
            ? t <= f ? ApiResults.Invalid("to", IncidentErrors.TimelinessPeriod, "must be after from")
            : t - f > TimeSpan.FromDays(MaxTimelinessDays) ? ApiResults.Invalid("to", IncidentErrors.TimelinessRangeTooLong, $"must be at most {MaxTimelinessDays} days after from")
            : null
            : null;

    /// <summary>
    /// Per responsible unit: how many first-report and follow-up obligations fell due in the period and how many were
    /// met on time, late, or not yet. Obligations not yet due are left out; an unmet one past its deadline is open (逾期未报).
    /// </summary>
    public async Task<List<TimelinessRow>> TimelinessAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.ViewTimeliness, ct: ct);
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var query = db.Set<ReportingObligation>().AsNoTracking().InScope(scope, o => o.JurisdictionId).Where(o => o.CancelledAt == null && o.DueAt <= now)
            .Where(o => !db.Set<Incident>().Any(i => i.Id == o.IncidentId && i.IsDrill));
        if (from is { } f)
        {
            var fu = f.ToUniversalTime();
            query = query.Where(o => o.DueAt >= fu);
        }

        if (to is { } t)
        {
            var tu = t.ToUniversalTime();
            query = query.Where(o => o.DueAt < tu);
        }

        var obligations = await query.ToListAsync(ct);
        var verifications = await db.Set<Verification.VerificationRequest>().AsNoTracking().InScope(scope, v => v.ToJurisdictionId)
            .Where(v => v.DueAt <= now && (v.IncidentId == null || !db.Set<Incident>().Any(i => i.Id == v.IncidentId && i.IsDrill))).ToListAsync(ct);
        verifications = verifications.Where(v => (from is null || v.DueAt >= from) && (to is null || v.DueAt < to)).ToList();
        var byUnit = verifications.ToLookup(v => v.ToUnitId);
        var unitIds = obligations.Select(o => o.UnitId).Concat(verifications.Select(v => v.ToUnitId)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new { u.Id, u.Name, u.Jurisdiction!.Code }).ToDictionaryAsync(u => u.Id, ct);
        var obligationsByUnit = obligations.ToLookup(o => o.UnitId);
        return unitIds.Select(unitId =>
            {
                var first = obligationsByUnit[unitId].Where(o => o.Kind == ReportKind.First).ToList();
                var follow = obligationsByUnit[unitId].Where(o => o.Kind != ReportKind.First).ToList();
                var asked = byUnit[unitId].ToList();
                static int OnTime(List<ReportingObligation> list) => list.Count(o => o.MetAt is { } m && m <= o.DueAt);
                static int Late(List<ReportingObligation> list) => list.Count(o => o.MetAt is { } m && m > o.DueAt);
                static int Open(List<ReportingObligation> list) => list.Count(o => o.MetAt is null);
                static double? Rate(List<ReportingObligation> list) => list.Count == 0 ? null : Math.Round(100.0 * OnTime(list) / list.Count, 1);
                var answeredOnTime = asked.Count(v => v.AnsweredAt is { } a && a <= v.DueAt);
                var unit = units[unitId];
                return new TimelinessRow(unit.Name, unit.Code, first.Count, OnTime(first), Rate(first), follow.Count, OnTime(follow), Rate(follow),
                    asked.Count, answeredOnTime, asked.Count == 0 ? null : Math.Round(100.0 * answeredOnTime / asked.Count, 1),
                    Late(first), Open(first), Late(follow), Open(follow),
                    asked.Count(v => v.AnsweredAt is { } a && a > v.DueAt), asked.Count(v => v.AnsweredAt is null));
            })
            .OrderBy(r => r.JurisdictionCode).ThenBy(r => r.UnitName)
            .ToList();
    }

    /// <summary>The statistics of a period after checking it: the rows, or the coded 400.</summary>
    public async Task<IResult> TimelinessAnswerAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) =>
        CheckPeriod(from, to) ?? TypedResults.Ok(await TimelinessAsync(from, to, ct));

    public async Task<IResult> TimelinessXlsxAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (CheckPeriod(from, to) is { } problem)
        {
            return problem;
        }

        var rows = (await TimelinessAsync(from, to, ct)).Select(r => new Dictionary<string, object?>
        {
            ["单位"] = r.UnitName,
            ["区划代码"] = r.JurisdictionCode,
            ["首报应报"] = r.FirstDue,
            ["首报按时"] = r.FirstOnTime,
            ["首报及时率（%）"] = r.FirstRate,
            ["续报应报"] = r.FollowUpDue,
            ["续报按时"] = r.FollowUpOnTime,
            ["续报及时率（%）"] = r.FollowUpRate,
            ["核报应答"] = r.VerificationDue,
            ["核报按时"] = r.VerificationOnTime,
            ["核报及时率（%）"] = r.VerificationRate,
            ["首报迟报"] = r.FirstLate,
            ["首报逾期未报"] = r.FirstOpen,
            ["续报迟报"] = r.FollowUpLate,
            ["续报逾期未报"] = r.FollowUpOpen,
            ["核报迟报"] = r.VerificationLate,
            ["核报逾期未答"] = r.VerificationOpen,
        }).ToList();
        return TypedResults.File(ToXlsx(rows), Xlsx, "信息报送及时率.xlsx");
    }

    private static byte[] ToXlsx(List<Dictionary<string, object?>> rows)
    {
        // Stored text may hold a character a worksheet's XML cannot carry: it is left out rather than breaking the file.
        var clean = rows.Select(r => r.ToDictionary(c => c.Key, c => c.Value is string s ? TextHygiene.ForXml(s) : c.Value)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(clean);
        return stream.ToArray();
    }
}

internal static class ExportsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/incidents/{id:guid}/reports/{reportId:guid}/docx", (ExportsHandler h, Guid id, Guid reportId, CancellationToken ct) => h.ReportDocxAsync(id, reportId, ct))
            .WithName("ReportDocx").WithTags("Incidents").ProducesFile(ApiDocs.Docx).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("A written report as DOCX (书面报告), for editing and printing");
        api.MapGet("/incidents/export.xlsx", (ExportsHandler h, [AsParameters] RegisterQuery query, CancellationToken ct) => h.RegisterXlsxAsync(query, ct))
            .WithName("ExportRegister").WithTags("Incidents").ProducesFile(ApiDocs.Xlsx).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The incident register (突发事件台账) as Excel with the filters of GET /incidents (q, eventType, level, status, jurisdiction, from, to, overdue, sort, drills): exactly the matching rows, all of them, never a page");
        api.MapGet("/statistics/timeliness", (ExportsHandler h, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) => h.TimelinessAnswerAsync(from, to, ct))
            .RequirePermission(IncidentPermissions.ViewTimeliness)
            .WithName("Timeliness").WithTags("Incidents").Produces<List<TimelinessRow>>().ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("首报及时率, 续报及时率 and 核报 answers on time per unit in scope for a period (deadlines falling in [from, to), at most 366 days): due, on time, late and open; one row per unit with anything due, complete and unpaged");
        api.MapGet("/statistics/timeliness.xlsx", (ExportsHandler h, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) => h.TimelinessXlsxAsync(from, to, ct))
            .RequirePermission(IncidentPermissions.ViewTimeliness)
            .WithName("TimelinessXlsx").WithTags("Incidents").ProducesFile(ApiDocs.Xlsx).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The same statistics as Excel (信息报送及时率), with the same period");
    }
}
