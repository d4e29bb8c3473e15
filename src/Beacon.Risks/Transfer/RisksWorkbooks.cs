using System.Globalization;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Beacon.Risks.Grading;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rounds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Risks.Transfer;

/// <summary>What an import did: how many hazards were registered, or how many findings a return carried.</summary>
public sealed record RisksImportResult(int Imported);

/// <summary>
/// Excel templates, exports and all-or-nothing imports of the risks module (导入导出): the hazard registry (风险隐患台账)
/// and a unit's return to an investigation round (排查情况报表). Every row is checked first; one bad cell refuses the
/// whole workbook, naming its row and column, and nothing is stored.
/// </summary>
public sealed class RisksWorkbooksHandler(BeaconDbFactory dbs, ScopeService scopes, HazardsHandler hazards, RoundsHandler rounds, BeijingTime beijing)
{
    /// <summary>The hazard sheet's columns, in order, as the sheet shows them.</summary>
    public static readonly string[] HazardColumns = ["名称", "类别", "所属企业或单位", "责任部门", "行政区划代码", "位置类型", "坐标（经度,纬度;…）", "描述", "风险等级", "状态"];

    /// <summary>The return sheet's columns, in order.</summary>
    public static readonly string[] ReturnColumns = ["发现类型", "情况描述", "对应隐患名称", "整改责任人", "整改措施", "整改期限"];

    /// <summary>The most findings one return carries (as the return form).</summary>
    public const int MaxFindings = 100;

    private const string Coordinates = "坐标（经度,纬度;…）";

    private static readonly Dictionary<string, LocationKind> Places = new(StringComparer.Ordinal)
    {
        ["点"] = LocationKind.Point,
        ["线"] = LocationKind.Line,
        ["面"] = LocationKind.Area,
    };

    private static readonly Dictionary<string, FindingKind> Findings = new(StringComparer.Ordinal)
    {
        ["新发现隐患"] = FindingKind.NewHazard,
        ["风险变化"] = FindingKind.ChangedRisk,
        ["已整改销号"] = FindingKind.Rectified,
        ["其他"] = FindingKind.Other,
    };

    private static readonly Dictionary<string, string> HazardFields = new(StringComparer.Ordinal)
    {
        ["name"] = "名称",
        ["kindCode"] = "类别",
        ["owner"] = "所属企业或单位",
        ["responsibleDepartment"] = "责任部门",
        ["jurisdictionCode"] = "行政区划代码",
        ["locationKind"] = "位置类型",
        ["coordinates"] = Coordinates,
        ["description"] = "描述",
    };

    public async Task<byte[]> HazardTemplateAsync(CancellationToken ct)
    {
        var kinds = await hazards.KindsAsync(ct);
        return Workbooks.ToXlsx([new Dictionary<string, object?>
        {
            ["名称"] = "示例：昆区某燃气调压站",
            ["类别"] = kinds.FirstOrDefault()?.Name ?? "城市燃气管道",
            ["所属企业或单位"] = "包头市某燃气有限公司",
            ["责任部门"] = "昆都仑区住房和城乡建设局",
            ["行政区划代码"] = "150203",
            ["位置类型"] = "点",
            [Coordinates] = "109.8227,40.6614",
            ["描述"] = "调压站紧邻居民区",
            ["风险等级"] = "（导出时填写，导入时忽略）",
            ["状态"] = "",
        }]);
    }

    public async Task<byte[]> HazardExportAsync(string? kind, RiskLevel? level, string? q, CancellationToken ct)
    {
        var rows = (await hazards.AllAsync(kind, level, q, ct)).Select(h => new Dictionary<string, object?>
        {
            ["名称"] = h.Name,
            ["类别"] = h.KindName,
            ["所属企业或单位"] = h.Owner,
            ["责任部门"] = h.ResponsibleDepartment,
            ["行政区划代码"] = h.JurisdictionCode,
            ["位置类型"] = Places.First(p => p.Value == h.LocationKind).Key,
            [Coordinates] = h.Coordinates,
            ["描述"] = h.Description,
            ["风险等级"] = h.Level is { } l ? RiskGrading.LevelName(l) : "未评估",
            ["状态"] = h.Status switch { HazardStatus.Active => "在管", HazardStatus.Rectifying => "整改中", _ => "已销号" },
        }).ToList();
        return Workbooks.ToXlsx(rows.Count > 0 ? rows : [Workbooks.EmptyRow(HazardColumns)]);
    }

    public async Task<IResult> ImportHazardsAsync(HttpRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ManageHazards, null, ct);
        var (rows, refusal) = await Workbooks.ReadUploadAsync(request, RisksErrors.ImportFile, ct);
        return rows is null ? refusal! : await ImportHazardsAsync(rows, ct);
    }

    /// <summary>The workbook the hazards page read.</summary>
    public async Task<IResult> ImportHazardsAsync(Stream workbook, CancellationToken ct)
    {
        var (rows, refusal) = Workbooks.Read(workbook, RisksErrors.ImportFile);
        return rows is null ? refusal! : await ImportHazardsAsync(rows, ct);
    }

    private async Task<IResult> ImportHazardsAsync(List<IDictionary<string, object?>> rows, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ManageHazards, null, ct);
        if (scopes.Actor.UnitId is not { } unitId)
        {
            return ApiResults.Forbidden(RisksErrors.NoUnit, "Only a unit registers hazards.");
        }

        await using var db = dbs.CreateDbContext();
        var kinds = await db.Set<HazardKind>().AsNoTracking().ToListAsync(ct);
        var kindCodes = kinds.Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        var errors = new List<WorkbookRowError>();
        var parsed = new List<Hazard>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowNumber = i + 2;
            string Text(string column) => Workbooks.Text(row, column);
            var before = errors.Count;
            var kindText = Text("类别");
            var kind = kinds.FirstOrDefault(k => k.Name == kindText || k.Code == kindText || k.NameEn == kindText);
            LocationKind? place = Text("位置类型") is { Length: > 0 } placeText ? Places.TryGetValue(placeText, out var p) ? p : null : LocationKind.Point;
            if (place is null)
            {
                errors.Add(new(rowNumber, "位置类型", RisksErrors.ImportRow, "must be 点, 线 or 面"));
            }

            var registration = new RegisterHazardRequest(Text("名称"), kind?.Code ?? kindText, Text("所属企业或单位"), Text("责任部门"),
                Text("行政区划代码"), place ?? LocationKind.Point, Text(Coordinates), Text("描述") is { Length: > 0 } d ? d : null);
            var fieldErrors = ValidationFilter.Check(registration);
            if (fieldErrors.Count == 0)
            {
                var (checks, hazard) = await hazards.PrepareAsync(registration, unitId, kindCodes, ct);
                fieldErrors = checks;
                if (hazard is not null && errors.Count == before)
                {
                    parsed.Add(hazard);
                }
            }

            errors.AddRange(fieldErrors.Select(e => new WorkbookRowError(rowNumber, HazardFields.GetValueOrDefault(e.Field, e.Field), e.Code, e.Reason)));
        }

        if (errors.Count > 0)
        {
            return Workbooks.Refuse(errors, RisksErrors.ImportRow);
        }

        db.AddRange(parsed);
        db.Audit("risk.hazard.imported", "hazard", null, new { Rows = parsed.Count });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RisksImportResult(parsed.Count));
    }

    public static byte[] ReturnTemplate() => Workbooks.ToXlsx([
        new Dictionary<string, object?>
        {
            ["发现类型"] = "新发现隐患",
            ["情况描述"] = "示例：加油站罩棚立柱锈蚀",
            ["对应隐患名称"] = "",
            ["整改责任人"] = "王五",
            ["整改措施"] = "更换立柱并做防腐处理",
            ["整改期限"] = "2027-01-31",
        },
        new Dictionary<string, object?>
        {
            ["发现类型"] = "风险变化",
            ["情况描述"] = "示例：周边新建小区，500米内人数增加",
            ["对应隐患名称"] = "（本单位已登记的隐患名称，可空）",
            ["整改责任人"] = "",
            ["整改措施"] = "",
            ["整改期限"] = "",
        },
    ]);

    public async Task<IResult> ImportReturnAsync(Guid roundId, HttpRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ReportRound, null, ct);
        var (rows, refusal) = await Workbooks.ReadUploadAsync(request, RisksErrors.ImportFile, ct);
        return rows is null ? refusal! : await ImportReturnAsync(roundId, request.Form["summary"].ToString(), rows, ct);
    }

    /// <summary>The workbook the round page read, with the summary typed beside it.</summary>
    public async Task<IResult> ImportReturnAsync(Guid roundId, string? summary, Stream workbook, CancellationToken ct)
    {
        var (rows, refusal) = Workbooks.Read(workbook, RisksErrors.ImportFile);
        return rows is null ? refusal! : await ImportReturnAsync(roundId, summary, rows, ct);
    }

    /// <summary>
    /// Each row a finding of the caller's return to the round; a row with an owner, measures and a date requires
    /// rectification (the deadline is 18:00 Beijing time that day). The return is then reported as on the page.
    /// </summary>
    private async Task<IResult> ImportReturnAsync(Guid roundId, string? summary, List<IDictionary<string, object?>> rows, CancellationToken ct)
    {
        await scopes.DemandAsync(RisksPermissions.ReportRound, null, ct);
        if (rows.Count > MaxFindings)
        {
            return ApiResults.Invalid("file", RisksErrors.ImportFile, $"has more than {MaxFindings} findings");
        }

        var own = scopes.Actor.JurisdictionId;
        await using var db = dbs.CreateDbContext();
        var mine = await db.Set<Hazard>().AsNoTracking().Where(h => h.JurisdictionId == own).Select(h => new { h.Id, h.Name }).ToListAsync(ct);
        var errors = new List<WorkbookRowError>();
        var findings = new List<FindingRequest>();
        var now = beijing.Now;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowNumber = i + 2;
            string Text(string column) => Workbooks.Text(row, column);
            void Bad(string column, string reason) => errors.Add(new(rowNumber, column, RisksErrors.ImportRow, reason));
            if (!Findings.TryGetValue(Text("发现类型"), out var kind))
            {
                Bad("发现类型", "must be 新发现隐患, 风险变化, 已整改销号 or 其他");
            }

            var description = Text("情况描述");
            if (description.Length is < 2 or > 2000)
            {
                Bad("情况描述", "must be 2 to 2000 characters");
            }

            Guid? hazardId = null;
            if (Text("对应隐患名称") is { Length: > 0 } hazardName)
            {
                var matches = mine.Where(h => h.Name == hazardName).ToList();
                if (matches.Count != 1)
                {
                    Bad("对应隐患名称", matches.Count == 0 ? "is not a hazard registered in your jurisdiction" : "names more than one hazard of your jurisdiction");
                }
                else
                {
                    hazardId = matches[0].Id;
                }
            }

            var (owner, measures, dueText) = (Text("整改责任人"), Text("整改措施"), Text("整改期限"));
            RectifyRequest? rectify = null;
            if (owner.Length + measures.Length + dueText.Length > 0)
            {
                DateTime? due = DateTime.TryParse(dueText, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed.Date : null;
                if (owner.Length is < 2 or > 50)
                {
                    Bad("整改责任人", "must be 2 to 50 characters when the finding requires rectification");
                }

                if (measures.Length is < 2 or > 2000)
                {
                    Bad("整改措施", "must be 2 to 2000 characters when the finding requires rectification");
                }

                if (due is null || due.Value <= now.Date)
                {
                    Bad("整改期限", "must be a date after today (yyyy-MM-dd)");
                }
                else
                {
                    rectify = new RectifyRequest(owner, measures, beijing.ToUtc(due.Value.AddHours(18)));
                }
            }

            findings.Add(new FindingRequest(kind, description, hazardId, rectify));
        }

        if (errors.Count > 0)
        {
            return Workbooks.Refuse(errors, RisksErrors.ImportRow);
        }

        var text = string.IsNullOrWhiteSpace(summary) ? $"按模板导入排查发现 {findings.Count} 项" : summary.Trim();
        if (text.Length > 4000)
        {
            return ApiResults.Invalid("summary", PlatformErrors.ValidationLength, "must be at most 4000 characters");
        }

        return await rounds.ReportAsync(roundId, new ReportRoundRequest(false, text, findings), ct);
    }
}

internal static class RisksWorkbooksEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/risks/hazards/template.xlsx", async (RisksWorkbooksHandler h, CancellationToken ct) =>
                TypedResults.File(await h.HazardTemplateAsync(ct), ApiDocs.Xlsx, "风险隐患导入模板.xlsx"))
            .WithName("HazardTemplate").WithTags("Risks").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("The hazard import template (风险隐患导入模板) with one example row");
        api.MapGet("/risks/hazards/export.xlsx", async (RisksWorkbooksHandler h, string? kind, RiskLevel? level, string? q, CancellationToken ct) =>
                TypedResults.File(await h.HazardExportAsync(kind, level, q, ct), ApiDocs.Xlsx, "风险隐患台账.xlsx"))
            .WithName("ExportHazards").WithTags("Risks").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("Every hazard of the filtered list in the caller's scope as Excel (the import's columns plus level and status), never a page");
        api.MapPost("/risks/hazards/import", (RisksWorkbooksHandler h, HttpRequest request, CancellationToken ct) => h.ImportHazardsAsync(request, ct))
            .RequirePermission(RisksPermissions.ManageHazards)
            .WithName("ImportHazards").WithTags("Risks").TakesBody(RawBody.Multipart("file")).Produces<RisksImportResult>().ProducesProblems()
            .WithSummary("Imports hazards from the template: every row or none; a bad cell is named by row and column");
        api.MapGet("/risks/rounds/return-template.xlsx", () => TypedResults.File(RisksWorkbooksHandler.ReturnTemplate(), ApiDocs.Xlsx, "排查情况报表模板.xlsx"))
            .WithName("RoundReturnTemplate").WithTags("Risks").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("The template of a round return (排查情况报表): one finding per row");
        api.MapPost("/risks/rounds/{id:guid}/returns/import", (RisksWorkbooksHandler h, Guid id, HttpRequest request, CancellationToken ct) => h.ImportReturnAsync(id, request, ct))
            .RequirePermission(RisksPermissions.ReportRound)
            .WithName("ImportRoundReturn").WithTags("Risks").TakesBody(RawBody.Multipart("file")).Produces<RoundView>()
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("Reports the caller's unit's return to a round from the template (field 'file', optional 'summary'): every finding or none");
    }
}
