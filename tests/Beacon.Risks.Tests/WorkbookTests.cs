using System.Net;
using Beacon.Platform.Http;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rounds;
using Beacon.Risks.Transfer;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>
/// Issue 18, "What to build" 7: Excel templates for hazards and for round returns; an import applies every row or none
/// and names the row and column of each bad cell; the export holds exactly the filtered list.
/// </summary>
public abstract class WorkbookTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task One_bad_hazard_row_among_three_hundred_imports_nothing_and_names_each_bad_cell()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var prefix = "导入隐患" + Guid.NewGuid().ToString("N")[..6];
        var rows = HazardRows(prefix, 300);
        rows[120]["坐标（经度,纬度;…）"] = "1.0,2.0";
        rows[250]["类别"] = "火山";
        var refused = await county.PostWorkbookAsync("/api/v1/risks/hazards/import", Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(RisksErrors.ImportRow, problem.GetProperty("code").GetString());
        Assert.Contains("row 122, column 坐标（经度,纬度;…）", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bad = problem.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("row").GetInt32(), r.GetProperty("column").GetString())).ToList();
        Assert.Equal([(122, "坐标（经度,纬度;…）"), (252, "类别")], bad);
        Assert.Equal(0, await CountAsync(prefix));

        rows[120]["坐标（经度,纬度;…）"] = "109.83,40.66";
        rows[250]["类别"] = "危险化学品生产储存";
        var imported = await county.PostWorkbookAsync("/api/v1/risks/hazards/import", Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(300, (await imported.ReadAsync<RisksImportResult>()).Imported);
        Assert.Equal(300, await CountAsync(prefix));

        // The export is the filtered list, in the import's columns: it imports again as it is.
        var export = await county.GetAsync($"/api/v1/risks/hazards/export.xlsx?q={Uri.EscapeDataString(prefix)}", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var sheet = new MemoryStream(await export.Content.ReadAsByteArrayAsync(Ct));
        var exported = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(300, exported.Count);
        Assert.All(exported, r => Assert.StartsWith(prefix, (string)r["名称"]!, StringComparison.Ordinal));
        Assert.Contains(exported, r => (string?)r["类别"] == "危险化学品生产储存");
        Assert.All(exported, r => Assert.Equal("未评估", r["风险等级"]));
    }

    [Fact]
    public async Task A_county_cannot_import_hazards_into_a_neighbours_jurisdiction_and_a_viewer_cannot_import()
    {
        var prefix = "越界隐患" + Guid.NewGuid().ToString("N")[..6];
        var rows = HazardRows(prefix, 3);
        rows[2]["行政区划代码"] = "150204";
        var county = await Beacon.SignInAsync("duty.150203");
        var refused = await county.PostWorkbookAsync("/api/v1/risks/hazards/import", Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("row 4, column 行政区划代码", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var viewer = await Beacon.SignInAsync("viewer.150200");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostWorkbookAsync("/api/v1/risks/hazards/import", Workbooks.ToXlsx(HazardRows(prefix, 1)))).StatusCode);
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_with_a_code()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var refused = await county.PostWorkbookAsync("/api/v1/risks/hazards/import", "名称,类别\n甲,乙"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(RisksErrors.ImportFile, (await refused.JsonAsync()).GetProperty("code").GetString());
        var template = await county.GetAsync("/api/v1/risks/hazards/template.xlsx", Ct);
        Assert.Equal(ApiDocs.Xlsx, template.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cell_with_a_control_character_is_refused_naming_its_row_and_column_and_nothing_is_stored()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var prefix = "控制字符" + Guid.NewGuid().ToString("N")[..6];
        var rows = HazardRows(prefix, 5);
        rows[3]["描述"] = "调压站\u007f紧邻居民区";
        var refused = await county.PostWorkbookAsync("/api/v1/risks/hazards/import", Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(TextHygiene.Code, problem.GetProperty("code").GetString());
        Assert.Contains("row 5, column 描述", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(prefix));
    }

    [Fact]
    public async Task A_round_return_imported_from_the_template_carries_its_findings_and_a_bad_row_stores_nothing()
    {
        var city = await Beacon.SignInAsync("duty.150200");
        var created = await city.PostJsonAsync("/api/v1/risks/rounds", new
        {
            title = "元旦春节前隐患排查（Excel）",
            kind = "Special",
            jurisdictionCodes = new[] { "150203" },
            dueAt = Beacon.Clock.GetUtcNow().AddDays(5),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = await created.ReadAsync<RoundView>();
        var county = await Beacon.SignInAsync("duty.150203");
        var due = Beacon.Clock.GetUtcNow().AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, object?>>
        {
            Finding("新发现隐患", "某加油站罩棚立柱锈蚀", "王五", "更换立柱并做防腐处理", due),
            Finding("风险变化", "周边新建小区，500米内人数增加", "", "", ""),
            Finding("隐患", "类型写错的一行", "", "", ""),
        };
        var url = $"/api/v1/risks/rounds/{round.Id}/returns/import";
        var refused = await county.PostWorkbookAsync(url, Workbooks.ToXlsx(rows), ("summary", "排查加油站等12处"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("row 4, column 发现类型", (await refused.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null((await GetAsync(county, round.Id)).Targets.Single().ReturnedAt);

        rows.RemoveAt(2);
        var reported = await county.PostWorkbookAsync(url, Workbooks.ToXlsx(rows), ("summary", "排查加油站等12处"));
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        var target = (await GetAsync(county, round.Id)).Targets.Single();
        Assert.Equal("排查加油站等12处", target.Summary);
        Assert.Equal(2, target.Findings.Count);
        Assert.NotNull(target.Findings.Single(f => f.Kind == FindingKind.NewHazard).RectificationId);
        Assert.Null(target.Findings.Single(f => f.Kind == FindingKind.ChangedRisk).RectificationId);
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostWorkbookAsync(url, Workbooks.ToXlsx(rows))).StatusCode);
    }

    private static Dictionary<string, object?> Finding(string kind, string description, string owner, string measures, string due) => new()
    {
        ["发现类型"] = kind,
        ["情况描述"] = description,
        ["对应隐患名称"] = "",
        ["整改责任人"] = owner,
        ["整改措施"] = measures,
        ["整改期限"] = due,
    };

    private static List<Dictionary<string, object?>> HazardRows(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
    {
        ["名称"] = $"{prefix}{i:0000}", ["类别"] = i % 3 == 0 ? "城市燃气管道" : "人员密集场所", ["所属企业或单位"] = "包头市某燃气有限公司",
        ["责任部门"] = "昆都仑区住房和城乡建设局", ["行政区划代码"] = "150203", ["位置类型"] = "点",
        ["坐标（经度,纬度;…）"] = $"109.8{i % 10},40.6{i % 7}", ["描述"] = "",
    })];

    private async Task<int> CountAsync(string prefix)
    {
        await using var db = Beacon.Db();
        return await db.Set<Hazard>().CountAsync(h => h.Name.StartsWith(prefix), Ct);
    }

    private static async Task<RoundView> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/v1/risks/rounds/{id}", Ct)).ReadAsync<RoundView>();
}

public sealed class WorkbookTestsOnSqlite(RisksSqliteBeacon beacon) : WorkbookTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class WorkbookTestsOnPostgres(RisksPostgresBeacon beacon) : WorkbookTests(beacon), IClassFixture<RisksPostgresBeacon>;
