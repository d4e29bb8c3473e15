using System.Net;
using Beacon.Platform.Http;
using Beacon.Resources.Registry;
using Beacon.Resources.Transfer;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Resources.Tests;

/// <summary>Issue 17, acceptance 4: an Excel import applies every row or none and names the row and column of a bad cell.</summary>
public abstract class ImportTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task One_bad_row_among_a_thousand_imports_nothing_and_names_the_row_and_column()
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var rows = Rows("导入测试", 1000);
        rows[636]["经度"] = "一百零九";
        var response = await UploadAsync(duty, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(ResourceErrors.ImportRow, problem.GetProperty("code").GetString());
        Assert.Contains("row 638, column 经度", problem.GetProperty("detail").GetString());
        var bad = Assert.Single(problem.GetProperty("rows").EnumerateArray());
        Assert.Equal(638, bad.GetProperty("row").GetInt32());
        Assert.Equal("经度", bad.GetProperty("column").GetString());
        await using (var db = Beacon.Db())
        {
            Assert.False(await db.Set<Resource>().AnyAsync(r => r.Name.StartsWith("导入测试"), Ct));
        }

        rows[636]["经度"] = 109.9;
        var good = await UploadAsync(duty, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(1000, (await good.ReadAsync<ImportResult>()).Imported);
        await using (var db = Beacon.Db())
        {
            Assert.Equal(1000, await db.Set<Resource>().CountAsync(r => r.Name.StartsWith("导入测试"), Ct));
        }

        var export = await duty.GetAsync("/api/v1/resources/export.xlsx?q=导入测试", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(Platform.Http.ApiDocs.Xlsx, export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_county_cannot_import_into_a_jurisdiction_outside_its_scope()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var rows = Rows("越界导入", 3);
        rows[1]["行政区划代码"] = "150204";
        var response = await UploadAsync(county, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("row 3, column 行政区划代码", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    private static List<Dictionary<string, object?>> Rows(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => new Dictionary<string, object?>
    {
        ["类别"] = i % 2 == 0 ? "救援队伍" : "避难场所", ["名称"] = $"{prefix}{i:0000}", ["所属单位"] = "昆都仑区应急管理局", ["子类"] = "", ["专业特长"] = i % 2 == 0 ? "flood" : "",
        ["地址"] = "包头市昆都仑区", ["纬度"] = 40.6 + i * 0.0001, ["经度"] = 109.8, ["状态"] = "可用", ["共享"] = "否", ["联系人"] = "张三", ["电话"] = "0472-1234567",
        ["容量"] = null, ["人数"] = 20, ["面积"] = null, ["聘期至"] = null, ["详情"] = "", ["行政区划代码"] = "150203",
    })];

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] workbook) => client.PostWorkbookAsync("/api/v1/resources/import", workbook);
}

public sealed class ImportTestsOnSqlite(SqliteBeacon beacon) : ImportTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ImportTestsOnPostgres(PostgresBeacon beacon) : ImportTests(beacon), IClassFixture<PostgresBeacon>;
