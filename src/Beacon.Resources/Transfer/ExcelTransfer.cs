using System.Globalization;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Resources.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Resources.Transfer;

/// <summary>What an import did: how many rows were added.</summary>
public sealed record ImportResult(int Imported);

/// <summary>
/// Excel templates, import and export of resources (导入导出). One template for all kinds (the kind is a column); an
/// import checks every row and applies all of them in one save, or none: each bad cell is reported with its row and
/// column (the first in the field of the 400, all of them in <c>rows</c>).
/// </summary>
public sealed class ExcelTransferHandler(BeaconDbFactory dbs, ScopeService scopes, ResourcesHandler resources, TimeProvider clock)
{
    /// <summary>The columns of the template, in order: header (zh-CN, as the sheet shows it) and what it holds.</summary>
    public static readonly string[] Columns =
        ["类别", "名称", "所属单位", "子类", "专业特长", "地址", "纬度", "经度", "状态", "共享", "联系人", "电话", "容量", "人数", "面积", "聘期至", "详情", "行政区划代码"];

    private static readonly Dictionary<string, ResourceKind> Kinds = new(StringComparer.Ordinal)
    {
        ["储备库"] = ResourceKind.Warehouse,
        ["救援队伍"] = ResourceKind.RescueTeam,
        ["专家"] = ResourceKind.Expert,
        ["社会化服务"] = ResourceKind.ServiceProvider,
        ["避难场所"] = ResourceKind.Shelter,
    };

    private static readonly Dictionary<string, Readiness> States = new(StringComparer.Ordinal)
    {
        ["可用"] = Readiness.Ready,
        ["待命"] = Readiness.Standby,
        ["不可用"] = Readiness.Unavailable,
    };

    public static string KindName(ResourceKind kind) => Kinds.First(k => k.Value == kind).Key;

    public static string ReadinessName(Readiness readiness) => States.First(k => k.Value == readiness).Key;

    /// <summary>An empty template with one example row for the kind.</summary>
    public static byte[] Template(ResourceKind kind)
    {
        var example = new Dictionary<string, object?>
        {
            ["类别"] = KindName(kind),
            ["名称"] = "示例：" + KindName(kind),
            ["所属单位"] = "包头市应急管理局",
            ["子类"] = "",
            ["专业特长"] = kind is ResourceKind.RescueTeam or ResourceKind.Expert ? "flood,rescue" : "",
            ["地址"] = "包头市",
            ["纬度"] = 40.6571,
            ["经度"] = 109.8404,
            ["状态"] = "可用",
            ["共享"] = "否",
            ["联系人"] = "张三",
            ["电话"] = "0472-1234567",
            ["容量"] = null,
            ["人数"] = null,
            ["面积"] = null,
            ["聘期至"] = null,
            ["详情"] = "",
            ["行政区划代码"] = "150200",
        };
        return Workbooks.ToXlsx([example]);
    }

    public async Task<IResult> ExportAsync(ResourceFilter filter, CancellationToken ct)
    {
        var rows = await resources.AllAsync(filter, ct);
        var sheet = rows.Select(r => new Dictionary<string, object?>
        {
            ["类别"] = KindName(r.Kind),
            ["名称"] = r.Name,
            ["所属单位"] = r.OwnerUnit,
            ["子类"] = r.Category,
            ["专业特长"] = string.Join(",", r.Specialities),
            ["地址"] = r.Address,
            ["纬度"] = r.Latitude,
            ["经度"] = r.Longitude,
            ["状态"] = ReadinessName(r.Readiness),
            ["共享"] = r.IsShared ? "是" : "否",
            ["联系人"] = r.Contact,
            ["电话"] = r.Phone,
            ["容量"] = r.Capacity,
            ["人数"] = r.Headcount,
            ["面积"] = r.AreaSquareMetres,
            ["聘期至"] = r.TermEndsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["详情"] = r.Details,
            ["行政区划代码"] = r.JurisdictionCode,
        }).ToList();
        if (sheet.Count == 0)
        {
            sheet.Add(Workbooks.EmptyRow(Columns));
        }

        return TypedResults.File(Workbooks.ToXlsx(sheet), ApiDocs.Xlsx, "应急资源.xlsx");
    }

    public async Task<IResult> ImportAsync(HttpRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, null, ct);
        var (rows, refusal) = await Workbooks.ReadUploadAsync(request, ResourceErrors.ImportFile, ct);
        return rows is null ? refusal! : await ImportAsync(rows, ct);
    }

    /// <summary>The workbook the import page read.</summary>
    public async Task<IResult> ImportAsync(Stream workbook, CancellationToken ct)
    {
        var (rows, refusal) = Workbooks.Read(workbook, ResourceErrors.ImportFile);
        return rows is null ? refusal! : await ImportAsync(rows, ct);
    }

    /// <summary>Checks every row, then adds all of them in one save, or nothing.</summary>
    private async Task<IResult> ImportAsync(List<IDictionary<string, object?>> rows, CancellationToken ct)
    {
        await scopes.DemandAsync(ResourcePermissions.Manage, null, ct);
        if (scopes.Actor.JurisdictionId is not { } own)
        {
            return ApiResults.Forbidden(ResourceErrors.NoUnit, "Only a unit's staff imports resources.");
        }

        var errors = new List<WorkbookRowError>();
        var parsed = new List<Resource>();
        var now = clock.GetUtcNow();
        for (var i = 0; i < rows.Count; i++)
        {
            var rowNumber = i + 2;
            var row = rows[i];
            string Text(string column) => Workbooks.Text(row, column);
            void Bad(string column, string code, string reason) => errors.Add(new WorkbookRowError(rowNumber, column, code, reason));
            double? Number(string column)
            {
                var text = Text(column);
                if (text.Length == 0)
                {
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                Bad(column, ResourceErrors.ImportRow, "is not a number");
                return null;
            }

            var before = errors.Count;
            if (!Kinds.TryGetValue(Text("类别"), out var kind))
            {
                Bad("类别", ResourceErrors.Kind, "must be 储备库, 救援队伍, 专家, 社会化服务 or 避难场所");
            }

            var readiness = Readiness.Ready;
            if (Text("状态") is { Length: > 0 } state && !States.TryGetValue(state, out readiness))
            {
                Bad("状态", ResourceErrors.ImportRow, "must be 可用, 待命 or 不可用");
            }

            var latitude = Number("纬度");
            var longitude = Number("经度");
            var capacity = Number("容量");
            var headcount = Number("人数");
            var area = Number("面积");
            DateOnly? term = null;
            if (Text("聘期至") is { Length: > 0 } termText)
            {
                if (DateOnly.TryParse(termText, CultureInfo.InvariantCulture, out var d))
                {
                    term = d;
                }
                else if (DateTime.TryParse(termText, CultureInfo.InvariantCulture, out var dt))
                {
                    term = DateOnly.FromDateTime(dt);
                }
                else
                {
                    Bad("聘期至", ResourceErrors.ImportRow, "is not a date (yyyy-MM-dd)");
                }
            }

            if (errors.Count > before)
            {
                continue;
            }

            var request = new ResourceRequest(
                kind, Text("名称"), Text("所属单位"), Text("子类"), [.. Text("专业特长").Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                Text("地址"), latitude, longitude, readiness, Text("共享") is "是" or "Y" or "y" or "true", Text("联系人"), Text("电话"),
                capacity is { } c ? (int)c : null, headcount is { } h ? (int)h : null, area, term, Text("详情"), Text("行政区划代码"));
            if (request.Name.Length is < 2 or > 200)
            {
                Bad("名称", ResourceErrors.ImportRow, "must be 2 to 200 characters");
            }

            if (request.OwnerUnit.Length is < 2 or > 200)
            {
                Bad("所属单位", ResourceErrors.ImportRow, "must be 2 to 200 characters");
            }

            var (fieldErrors, jurisdictionId) = await resources.CheckAsync(request, own, ct);
            foreach (var e in fieldErrors)
            {
                Bad(e.Field switch
                {
                    "latitude" => latitude is null ? "纬度" : "经度",
                    "specialities" => "专业特长",
                    "phone" => "电话",
                    "jurisdictionCode" => "行政区划代码",
                    _ => "类别",
                }, e.Code, e.Reason);
            }

            if (errors.Count > before)
            {
                continue;
            }

            var resource = new Resource { CreatedAt = now, CreatedBy = scopes.Actor.UserName };
            ResourcesHandler.Apply(resource, request, jurisdictionId);
            parsed.Add(resource);
        }

        if (errors.Count > 0)
        {
            return Workbooks.Refuse(errors, ResourceErrors.ImportRow);
        }

        await using var db = dbs.CreateDbContext();
        db.AddRange(parsed);
        db.Audit("resource.imported", "resource", null, new { Rows = parsed.Count });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ImportResult(parsed.Count));
    }
}

internal static class ExcelTransferEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/resources/template.xlsx", (ResourceKind? kind) => TypedResults.File(ExcelTransferHandler.Template(kind ?? ResourceKind.RescueTeam), ApiDocs.Xlsx, "应急资源导入模板.xlsx"))
            .WithName("ResourceTemplate").WithTags("Resources").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("The import template (one example row of the kind)");
        api.MapGet("/resources/export.xlsx", (ExcelTransferHandler h, ResourceKind? kind, string? speciality, string? jurisdiction, Readiness? readiness, string? q, CancellationToken ct) =>
                h.ExportAsync(new ResourceFilter(kind, speciality, jurisdiction, readiness, q), ct))
            .WithName("ExportResources").WithTags("Resources").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("Every resource of the filtered list as Excel (the import's columns), never a page");
        api.MapPost("/resources/import", (ExcelTransferHandler h, HttpRequest request, CancellationToken ct) => h.ImportAsync(request, ct))
            .RequirePermission(ResourcePermissions.Manage)
            .WithName("ImportResources").WithTags("Resources").TakesBody(RawBody.Multipart("file"))
            .Produces<ImportResult>().ProducesProblems()
            .WithSummary("Imports an Excel workbook of resources: every row or none; a bad cell is named by row and column");
    }
}
