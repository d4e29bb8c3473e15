using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Plans.Plans.Coverage;

/// <summary>One row of the coverage table: a jurisdiction or an issuing unit (部门), its special and departmental plans and how many were drilled.</summary>
public sealed record CoverageRow(Guid Id, string Name, string? Jurisdiction, int Plans, int Drilled)
{
    /// <summary>Drilled / plans, in percent (one decimal); 0 without plans.</summary>
    public decimal Share => Plans == 0 ? 0 : Math.Round(Drilled * 100m / Plans, 1);
}

/// <summary>A plan overdue for a drill or a review, with both due dates.</summary>
public sealed record OverduePlan(
    Guid Id, string Title, PlanType Type, string IssuingUnit, string Jurisdiction, DateOnly? LastDrilledOn, DateOnly? DrillDueOn, bool DrillOverdue,
    DateOnly ReviewDueOn, bool ReviewOverdue);

/// <summary>
/// Drill coverage (演练覆盖率) as of <see cref="Today"/>: the share of in-force special and departmental plans (专项、部门预案)
/// of the caller's jurisdiction and below drilled within <see cref="Years"/> years, overall, per jurisdiction and per
/// issuing unit; and every plan there overdue for a drill or a review.
/// </summary>
public sealed record CoverageReport(
    DateOnly Today, int Years, DateOnly Since, CoverageRow Total, IReadOnlyList<CoverageRow> Jurisdictions, IReadOnlyList<CoverageRow> Departments,
    IReadOnlyList<OverduePlan> Overdue);

/// <summary>
/// Computes coverage on every read from the plans, the drills that took place (<see cref="Drills.DrillReader.TookPlace"/>:
/// over, with an inject delivered) and the cycles; a drill to come counts for nothing, a response to a real incident is
/// no drill, and drill incidents (IsDrill) are never read here. Only plans the caller's scope holds are counted (a
/// county's figures are its own; a city's hold its counties').
/// </summary>
public sealed class CoverageHandler(BeaconDbFactory dbs, ScopeService scopes, PlanReader reader, JurisdictionTree tree, IOptions<PlansOptions> options)
{
    public static readonly PlanType[] Counted = [PlanType.Special, PlanType.Departmental];

    public async Task<IResult> AnswerAsync(int? years, CancellationToken ct)
    {
        if (years is { } y && (y < 1 || y > 10))
        {
            return ApiResults.Invalid("years", PlansErrors.CoverageWindow, "must be between 1 and 10");
        }

        return TypedResults.Ok(await ReportAsync(years ?? options.Value.CoverageYears, ct));
    }

    public async Task<CoverageReport> ReportAsync(int years, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var plans = await db.Set<Plan>().AsNoTracking().InScope(scope, p => p.JurisdictionId).Where(p => p.Status != PlanStatus.Repealed)
            .OrderBy(p => p.Title).ThenBy(p => p.Id).ToListAsync(ct);
        var today = reader.Today;
        var since = today.AddYears(-years);
        // The day each plan's last drill that took place ended (drills to come, or never delivered, count for nothing).
        var lastDrilled = await reader.LastDrilledAsync(db, plans.Select(p => p.Id).ToList(), ct);
        bool DrilledInWindow(Plan p) => lastDrilled.TryGetValue(p.Id, out var last) && last >= since;

        var counted = plans.Where(p => Counted.Contains(p.Type) && p.Status is PlanStatus.InForce or PlanStatus.UnderRevision).ToList();
        var snapshot = await tree.GetAsync(ct);
        var unitIds = plans.Select(p => p.IssuingUnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        string Jurisdiction(Guid id) => snapshot.Find(id)?.Name ?? "";

        var byJurisdiction = counted.GroupBy(p => p.JurisdictionId)
            .Select(g => new CoverageRow(g.Key, Jurisdiction(g.Key), null, g.Count(), g.Count(DrilledInWindow)))
            .OrderBy(r => snapshot.Find(r.Id)?.Code, StringComparer.Ordinal).ToList();
        var byDepartment = counted.GroupBy(p => (p.IssuingUnitId, p.JurisdictionId))
            .Select(g => new CoverageRow(g.Key.IssuingUnitId, units.GetValueOrDefault(g.Key.IssuingUnitId, ""), Jurisdiction(g.Key.JurisdictionId), g.Count(), g.Count(DrilledInWindow)))
            .OrderBy(r => r.Jurisdiction, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();

        var cycles = await reader.CyclesAsync(db, ct);
        var overdue = plans
            .Select(p => (Plan: p, Drill: reader.DrillStateOf(p, cycles, lastDrilled) == ReviewState.Overdue, Review: reader.StateOf(p, cycles) == ReviewState.Overdue))
            .Where(x => x.Drill || x.Review)
            .Select(x => new OverduePlan(x.Plan.Id, x.Plan.Title, x.Plan.Type, units.GetValueOrDefault(x.Plan.IssuingUnitId, ""), Jurisdiction(x.Plan.JurisdictionId),
                lastDrilled.TryGetValue(x.Plan.Id, out var last) ? last : null, reader.DrillDueOn(x.Plan, cycles, lastDrilled), x.Drill,
                reader.ReviewDueOn(x.Plan, cycles), x.Review))
            .ToList();
        return new CoverageReport(today, years, since, new CoverageRow(Guid.Empty, "", null, counted.Count, counted.Count(DrilledInWindow)),
            byJurisdiction, byDepartment, overdue);
    }

    public async Task<IResult> XlsxAsync(int? years, CancellationToken ct)
    {
        if (years is { } y && (y < 1 || y > 10))
        {
            return ApiResults.Invalid("years", PlansErrors.CoverageWindow, "must be between 1 and 10");
        }

        var report = await ReportAsync(years ?? options.Value.CoverageYears, ct);
        var rows = report.Jurisdictions.Select(r => Row("行政区划", r.Name, "", r))
            .Concat(report.Departments.Select(r => Row("编制单位", r.Name, r.Jurisdiction ?? "", r)))
            .Append(Row("合计", "", "", report.Total)).ToList();
        return TypedResults.File(Workbooks.ToXlsx(rows), ApiDocs.Xlsx, $"预案演练覆盖率（近{report.Years}年）.xlsx");
    }

    private static Dictionary<string, object?> Row(string kind, string name, string jurisdiction, CoverageRow r) => new()
    {
        ["统计口径"] = kind,
        ["名称"] = name,
        ["所属区划"] = jurisdiction,
        ["专项、部门预案数"] = r.Plans,
        ["已演练数"] = r.Drilled,
        ["覆盖率（%）"] = r.Share,
    };
}

internal static class CoverageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/plans/coverage", (CoverageHandler h, int? years, CancellationToken ct) => h.AnswerAsync(years, ct))
            .WithName("PlanCoverage").WithTags("Plans")
            .Produces<CoverageReport>().ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("Drill coverage (演练覆盖率): the share of in-force special and departmental plans drilled within the last years (default 3), overall, per jurisdiction and per issuing unit, with the plans overdue for a drill or a review; complete, not paged");
        api.MapGet("/plans/coverage.xlsx", (CoverageHandler h, int? years, CancellationToken ct) => h.XlsxAsync(years, ct))
            .WithName("PlanCoverageXlsx").WithTags("Plans")
            .ProducesFile(ApiDocs.Xlsx).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("The coverage table as an Excel workbook");
    }
}
