using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Beacon.Warnings.Statistics;

public sealed record CountRow(string Key, string Label, int Count);

/// <summary>Warnings issued in a period: by kind, colour, issuing unit and Beijing-time month (趋势).</summary>
public sealed record WarningStatisticsView(
    DateTimeOffset From, DateTimeOffset To, string Status, int Total,
    IReadOnlyList<CountRow> ByType, IReadOnlyList<CountRow> ByLevel, IReadOnlyList<CountRow> ByUnit, IReadOnlyList<CountRow> ByMonth);

/// <summary>
/// Counts the warnings the units in scope issued (each signed-off new warning once; its updates, changes of level
/// and cancel are the same warning), real ones apart from exercises and tests.
/// </summary>
public sealed class WarningStatisticsHandler(BeaconDbFactory dbs, ScopeService scopes, BeijingTime beijing, TimeProvider clock)
{
    public async Task<WarningStatisticsView> GetAsync(DateTimeOffset? from, DateTimeOffset? to, WarningStatus? status, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var end = (to ?? clock.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end.AddYears(-1)).ToUniversalTime();
        var kind = status ?? WarningStatus.Actual;
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<Warning>().AsNoTracking().InScope(scope, w => w.IssuingJurisdictionId)
            .Where(w => w.Origin == WarningOrigin.Local && w.Change == WarningChange.New && w.Status == kind && w.SentAt != null && w.SentAt >= start && w.SentAt < end)
            .Select(w => new { w.EventCode, w.EventName, w.Level, w.IssuingUnitId, w.IssuerName, w.SentAt })
            .ToListAsync(ct);
        return new WarningStatisticsView(start, end, kind.ToString(), rows.Count,
            [.. rows.GroupBy(r => r.EventCode).Select(g => new CountRow(g.Key, g.First().EventName, g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => new CountRow(g.Key.ToString(), Warning.LevelName(g.Key), g.Count()))],
            [.. rows.GroupBy(r => r.IssuingUnitId).Select(g => new CountRow(g.Key.ToString(), g.First().IssuerName, g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => beijing.ToLocal(r.SentAt!.Value).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Key, g.Count()))]);
    }

    /// <summary>The same figures as a workbook, one sheet per breakdown, with Chinese headings.</summary>
    public async Task<byte[]> ExportAsync(DateTimeOffset? from, DateTimeOffset? to, WarningStatus? status, CancellationToken ct)
    {
        var view = await GetAsync(from, to, status, ct);
        var sheets = new Dictionary<string, object>
        {
            ["按类别"] = view.ByType.Select(r => new Dictionary<string, object> { ["类别代码"] = r.Key, ["类别"] = r.Label, ["预警数"] = r.Count }).ToList(),
            ["按级别"] = view.ByLevel.Select(r => new Dictionary<string, object> { ["级别"] = r.Label, ["预警数"] = r.Count }).ToList(),
            ["按发布单位"] = view.ByUnit.Select(r => new Dictionary<string, object> { ["发布单位"] = r.Label, ["预警数"] = r.Count }).ToList(),
            ["按月份"] = view.ByMonth.Select(r => new Dictionary<string, object> { ["月份"] = r.Label, ["预警数"] = r.Count }).ToList(),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: ct);
        return stream.ToArray();
    }
}

internal static class WarningStatisticsEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/warnings/statistics", async Task<IResult> (WarningStatisticsHandler h, DateTimeOffset? from, DateTimeOffset? to, WarningStatus? status, CancellationToken ct) =>
                from > to ? ApiResults.Invalid("from", "must be before to") : TypedResults.Ok(await h.GetAsync(from, to, status, ct)))
            .WithName("WarningStatistics").WithTags("Warnings").Produces<WarningStatisticsView>().WithSummary("Warnings issued in scope by kind, colour, unit and month; status Actual (default), Exercise or Test");
        api.MapGet("/warnings/statistics.xlsx", async Task<IResult> (WarningStatisticsHandler h, DateTimeOffset? from, DateTimeOffset? to, WarningStatus? status, CancellationToken ct) =>
                from > to ? ApiResults.Invalid("from", "must be before to") : TypedResults.File(await h.ExportAsync(from, to, status, ct), Xlsx, "预警信息统计.xlsx"))
            .WithName("WarningStatisticsExport").WithTags("Warnings").ProducesFile(ApiDocs.Xlsx).WithSummary("The same statistics as an Excel workbook");
    }
}
