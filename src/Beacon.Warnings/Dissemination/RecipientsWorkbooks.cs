using System.Globalization;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Dissemination;

/// <summary>What a recipients import did: how many recipients were added.</summary>
public sealed record RecipientsImportResult(int Imported);

/// <summary>
/// Excel template, export and all-or-nothing import of the recipients of warnings (预警接收人导入导出). Every row is
/// checked as <see cref="RecipientsHandler.CreateAsync"/> checks one recipient; one bad cell refuses the whole workbook,
/// naming its row and column, and nothing is stored. The export holds exactly the rows of the filtered list.
/// </summary>
public sealed class RecipientsWorkbooksHandler(BeaconDbFactory dbs, ScopeService scopes, RecipientsHandler recipients, BeijingTime beijing)
{
    public const string Kind = "类型";
    public const string Name = "名称";
    public const string Unit = "所属单位";
    public const string Phone = "手机号";
    public const string Email = "电子邮箱";
    public const string Webhook = "回调地址";
    public const string Secret = "回调密钥";
    public const string Areas = "关注区划代码";
    public const string Latitude = "纬度";
    public const string Longitude = "经度";
    public const string State = "状态";
    public const string Added = "添加时间";

    /// <summary>The import's columns, in order, as the sheet shows them.</summary>
    public static readonly string[] ImportColumns = [Kind, Name, Unit, Phone, Email, Webhook, Secret, Areas, Latitude, Longitude];

    /// <summary>The export's columns: the import's (the secret always empty) plus state and when added (Beijing time).</summary>
    public static readonly string[] ExportColumns = [.. ImportColumns, State, Added];

    private static readonly Dictionary<string, RecipientKind> Kinds = new(StringComparer.Ordinal)
    {
        ["单位"] = RecipientKind.Unit,
        ["责任人"] = RecipientKind.Person,
        ["订阅用户"] = RecipientKind.Subscriber,
    };

    /// <summary>The request's fields (as the API names them) and the columns that carry them.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["kind"] = Kind,
        ["name"] = Name,
        ["unitId"] = Unit,
        ["phone"] = Phone,
        ["email"] = Email,
        ["webhookUrl"] = Webhook,
        ["webhookSecret"] = Secret,
        ["areas"] = Areas,
        ["latitude"] = Latitude,
        ["longitude"] = Longitude,
    };

    public static string KindName(RecipientKind kind) => Kinds.First(k => k.Value == kind).Key;

    /// <summary>The template: the import's columns with two example rows of 昆都仑区.</summary>
    public static byte[] Template() => Workbooks.ToXlsx([
        new Dictionary<string, object?>
        {
            [Kind] = "责任人",
            [Name] = "示例：张建国",
            [Unit] = "",
            [Phone] = "13947200001",
            [Email] = "",
            [Webhook] = "",
            [Secret] = "",
            [Areas] = "150203",
            [Latitude] = null,
            [Longitude] = null,
        },
        new Dictionary<string, object?>
        {
            [Kind] = "单位",
            [Name] = "示例：昆都仑区某街道办事处",
            [Unit] = "",
            [Phone] = "13947200002",
            [Email] = "jiedao@example.cn",
            [Webhook] = "",
            [Secret] = "",
            [Areas] = "150203、150203001",
            [Latitude] = 40.6614,
            [Longitude] = 109.8227,
        },
    ]);

    /// <summary>Every recipient of the filtered list in the caller's scope, in the list's order, as a sheet.</summary>
    public async Task<byte[]> ExportAsync(RecipientFilter filter, CancellationToken ct)
    {
        var rows = (await recipients.AllAsync(filter, ct)).Select(r => new Dictionary<string, object?>
        {
            [Kind] = KindName(Enum.Parse<RecipientKind>(r.Kind)),
            [Name] = r.Name,
            [Unit] = r.UnitName ?? "",
            [Phone] = r.Phone ?? "",
            [Email] = r.Email ?? "",
            [Webhook] = r.WebhookUrl ?? "",
            [Secret] = "",
            [Areas] = string.Join("、", r.Areas),
            [Latitude] = r.Latitude,
            [Longitude] = r.Longitude,
            [State] = r.IsActive ? "启用" : "停用",
            [Added] = r.CreatedAt is { } at ? beijing.ToLocal(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "",
        }).ToList();
        return Workbooks.ToXlsx(rows.Count > 0 ? rows : [Workbooks.EmptyRow(ExportColumns)]);
    }

    public async Task<IResult> ImportAsync(HttpRequest request, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, null, ct);
        var (rows, refusal) = await Workbooks.ReadUploadAsync(request, WarningErrors.RecipientImportFile, ct);
        return rows is null ? refusal! : await ImportAsync(rows, ct);
    }

    /// <summary>The workbook the recipients page read.</summary>
    public async Task<IResult> ImportAsync(Stream workbook, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, null, ct);
        var (rows, refusal) = Workbooks.Read(workbook, WarningErrors.RecipientImportFile);
        return rows is null ? refusal! : await ImportAsync(rows, ct);
    }

    /// <summary>Checks every row, then adds all of them in one save, or nothing.</summary>
    private async Task<IResult> ImportAsync(List<IDictionary<string, object?>> rows, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.ManageRecipients, null, ct);
        if (!recipients.IsStaff)
        {
            return ApiResults.Forbidden(WarningErrors.RecipientNotStaff, "Only the staff of a unit manage recipients.");
        }

        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var unitNames = rows.Select(r => Workbooks.Text(r, Unit)).Where(n => n.Length > 0).Distinct().ToList();
        var units = unitNames.Count == 0 ? [] : (await db.Units.AsNoTracking().Where(u => unitNames.Contains(u.Name) && !u.IsRetired)
            .Select(u => new { u.Id, u.Name, u.JurisdictionId }).ToListAsync(ct)).Where(u => scope.Contains(u.JurisdictionId)).ToList();
        var errors = new List<WorkbookRowError>();
        var parsed = new List<Recipient>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowNumber = i + 2;
            string Text(string column) => Workbooks.Text(row, column);
            void Bad(string column, string code, string reason) => errors.Add(new WorkbookRowError(rowNumber, column, code, reason));
            double? Number(string column, double limit)
            {
                var text = Text(column);
                if (text.Length == 0)
                {
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) <= limit)
                {
                    return value;
                }

                Bad(column, WarningErrors.RecipientCoordinate, $"is not a number from -{limit} to {limit}");
                return null;
            }

            var before = errors.Count;
            var kind = RecipientKind.Person;
            if (Text(Kind) is { Length: > 0 } kindText && !Kinds.TryGetValue(kindText, out kind))
            {
                Bad(Kind, WarningErrors.RecipientKindInvalid, "must be 单位, 责任人 or 订阅用户");
            }

            var name = Text(Name);
            if (name.Length is < 2 or > 200)
            {
                Bad(Name, WarningErrors.RecipientName, "must be 2 to 200 characters");
            }

            Guid? unitId = null;
            if (Text(Unit) is { Length: > 0 } unitName)
            {
                var matches = units.Where(u => u.Name == unitName).ToList();
                if (matches.Count != 1)
                {
                    Bad(Unit, WarningErrors.RecipientUnit, matches.Count == 0 ? "is not a unit in your scope" : "names more than one unit in your scope");
                }
                else
                {
                    unitId = matches[0].Id;
                }
            }

            var latitude = Number(Latitude, 90);
            var longitude = Number(Longitude, 180);
            var areas = Text(Areas).Split([',', '，', '、', ';', '；', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (errors.Count > before)
            {
                continue;
            }

            var request = new RecipientRequest(kind, name, unitId, Text(Phone), Text(Email), Text(Webhook), Text(Secret), areas, latitude, longitude);
            foreach (var e in ValidationFilter.Check(request))
            {
                Bad(ColumnOf(e.Field), e.Code, e.Reason);
            }

            if (errors.Count > before)
            {
                continue;
            }

            var (refusal, recipient) = await recipients.PrepareAsync(db, request, ct);
            if (refusal is { } e2)
            {
                Bad(ColumnOf(e2.Field), e2.Code, e2.Reason);
            }
            else
            {
                parsed.Add(recipient!);
            }
        }

        if (errors.Count > 0)
        {
            return Workbooks.Refuse(errors, WarningErrors.RecipientImportRow);
        }

        db.AddRange(parsed);
        db.Audit("recipient.imported", "recipient", null, new { Rows = parsed.Count });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RecipientsImportResult(parsed.Count));
    }

    /// <summary>The refused cells of an import's answer (its <c>rows</c>, with their codes), for the page to word each one; empty otherwise.</summary>
    public static IReadOnlyList<WorkbookRowError> RowErrors(IResult result) =>
        result is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult { ProblemDetails.Extensions: var extensions }
        && extensions.TryGetValue("rows", out var rows) && rows is IReadOnlyList<WorkbookRowError> errors ? errors : [];

    /// <summary>The column of a request field (<c>areas[2]</c> → 关注区划代码).</summary>
    private static string ColumnOf(string field)
    {
        var bare = field.Split('[')[0];
        return Columns.TryGetValue(bare, out var column) ? column : Columns.FirstOrDefault(c => string.Equals(c.Key, bare, StringComparison.OrdinalIgnoreCase)).Value ?? field;
    }
}

internal static class RecipientsWorkbooksEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/recipients/template.xlsx", () => TypedResults.File(RecipientsWorkbooksHandler.Template(), ApiDocs.Xlsx, "预警接收人导入模板.xlsx"))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("RecipientTemplate").WithTags("Dissemination").ProducesFile(ApiDocs.Xlsx)
            .WithSummary("The recipients import template (预警接收人导入模板) with two example rows");
        api.MapGet("/recipients/export.xlsx", async Task<IResult> (RecipientsWorkbooksHandler h, bool? includeInactive, string? q, WarningChannel? channel, string? division, RecipientState? state, CancellationToken ct) =>
            {
                var filter = new RecipientFilter(q, channel, division, state ?? (includeInactive == true ? RecipientState.All : RecipientState.Active));
                return RecipientsHandler.CheckFilter(filter) is { } refused ? refused : TypedResults.File(await h.ExportAsync(filter, ct), ApiDocs.Xlsx, "预警接收人.xlsx");
            })
            .WithName("ExportRecipients").WithTags("Dissemination").ProducesFile(ApiDocs.Xlsx).ProducesProblems()
            .WithSummary("Every recipient of the filtered list (the list's filters) in the caller's scope as Excel, never a page");
        api.MapPost("/recipients/import", (RecipientsWorkbooksHandler h, HttpRequest request, CancellationToken ct) => h.ImportAsync(request, ct))
            .RequirePermission(WarningPermissions.ManageRecipients)
            .WithName("ImportRecipients").WithTags("Dissemination").TakesBody(RawBody.Multipart("file")).Produces<RecipientsImportResult>().ProducesProblems()
            .WithSummary("Imports recipients from the template: every row or none; a bad cell is named by row and column");
    }
}
