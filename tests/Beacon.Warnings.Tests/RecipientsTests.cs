using System.Globalization;
using System.Net;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 14, "Pages: recipients": the recipients list filtered (search, channel, division, state) and paged, reactivation,
/// and the Excel template, export and import (every row or none, each bad cell named by row and column), within scope.
/// </summary>
public abstract class RecipientsTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string Import = "/api/v1/recipients/import";

    [Fact]
    public async Task One_bad_row_among_a_thousand_imports_nothing_and_names_its_row_and_column()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var prefix = "千人导入" + Guid.NewGuid().ToString("N")[..6];
        var rows = Rows(prefix, 1000);
        rows[510][RecipientsWorkbooksHandler.Phone] = "1390000";
        var refused = await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(WarningErrors.RecipientImportRow, problem.GetProperty("code").GetString());
        Assert.Contains("row 512, column 手机号", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bad = Assert.Single(problem.GetProperty("rows").EnumerateArray());
        Assert.Equal(512, bad.GetProperty("row").GetInt32());
        Assert.Equal("手机号", bad.GetProperty("column").GetString());
        Assert.Equal(WarningErrors.RecipientPhone, bad.GetProperty("code").GetString());
        Assert.Equal(0, await CountAsync(prefix));

        rows[510][RecipientsWorkbooksHandler.Phone] = "13900005100";
        var imported = await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(1000, (await imported.ReadAsync<RecipientsImportResult>()).Imported);
        Assert.Equal(1000, await CountAsync(prefix));
    }

    [Fact]
    public async Task A_fixed_file_imports_every_row_and_the_export_reads_back_exactly_the_filtered_rows()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var prefix = "固定导入" + Guid.NewGuid().ToString("N")[..6];
        var rows = Rows(prefix, 30);
        for (var i = 0; i < rows.Count; i += 3)
        {
            rows[i][RecipientsWorkbooksHandler.Email] = $"r{i}@example.cn";
        }

        rows[4][RecipientsWorkbooksHandler.Kind] = "单位";
        rows[4][RecipientsWorkbooksHandler.Unit] = "昆都仑区应急管理局";
        rows[5][RecipientsWorkbooksHandler.Areas] = "150203002、150203003";
        rows[5][RecipientsWorkbooksHandler.Latitude] = 40.655;
        rows[5][RecipientsWorkbooksHandler.Longitude] = 109.833;
        rows[6][RecipientsWorkbooksHandler.Areas] = "150203002";
        var imported = await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(30, (await imported.ReadAsync<RecipientsImportResult>()).Imported);

        // Filtered by search and channel: the rows with an e-mail, in the list's order, and the export holds exactly them.
        var query = $"q={Uri.EscapeDataString(prefix)}&channel=Email";
        var listed = await county.GetAllPagesAsync<RecipientView>($"/api/v1/recipients?{query}", Ct);
        var expected = rows.Where(r => r[RecipientsWorkbooksHandler.Email] is string { Length: > 0 })
            .Select(r => (string)r[RecipientsWorkbooksHandler.Name]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(10, expected.Count);
        Assert.Equal(expected, listed.Select(r => r.Name).Order(StringComparer.Ordinal));
        var exported = await ExportAsync(county, query);
        Assert.Equal(listed.Select(r => r.Name), exported.Select(r => (string)r[RecipientsWorkbooksHandler.Name]!));
        Assert.All(exported, r => Assert.Equal("启用", r[RecipientsWorkbooksHandler.State]));
        var first = exported.Single(r => (string)r[RecipientsWorkbooksHandler.Name]! == (string)rows[0][RecipientsWorkbooksHandler.Name]!);
        Assert.Equal("r0@example.cn", first[RecipientsWorkbooksHandler.Email]);
        Assert.Equal("13900000000", Convert.ToString(first[RecipientsWorkbooksHandler.Phone], CultureInfo.InvariantCulture));

        // By division (areas within 150203002), with the unit by name and the point.
        var byDivision = await ExportAsync(county, $"q={Uri.EscapeDataString(prefix)}&division=150203002");
        Assert.Equal([rows[5][RecipientsWorkbooksHandler.Name], rows[6][RecipientsWorkbooksHandler.Name]], byDivision.Select(r => r[RecipientsWorkbooksHandler.Name]).Order());
        var withPoint = byDivision.Single(r => (string)r[RecipientsWorkbooksHandler.Name]! == (string)rows[5][RecipientsWorkbooksHandler.Name]!);
        Assert.Equal(40.655, Convert.ToDouble(withPoint[RecipientsWorkbooksHandler.Latitude], CultureInfo.InvariantCulture), 6);
        Assert.Equal("150203002、150203003", withPoint[RecipientsWorkbooksHandler.Areas]);
        var unit = Assert.Single(await county.GetAllPagesAsync<RecipientView>($"/api/v1/recipients?q={Uri.EscapeDataString((string)rows[4][RecipientsWorkbooksHandler.Name]!)}", Ct));
        Assert.Equal("Unit", unit.Kind);
        Assert.Equal("昆都仑区应急管理局", unit.UnitName);

        // Deactivated rows leave the active list and its export, and come back when reactivated.
        var gone = listed[0];
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/recipients/{gone.Id}/deactivate", null, Ct)).StatusCode);
        Assert.DoesNotContain(await ExportAsync(county, query), r => (string)r[RecipientsWorkbooksHandler.Name]! == gone.Name);
        var inactive = await ExportAsync(county, $"{query}&state=Inactive");
        Assert.Equal("停用", Assert.Single(inactive)[RecipientsWorkbooksHandler.State]);
        var back = await county.PostAsync($"/api/v1/recipients/{gone.Id}/reactivate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.True((await back.ReadAsync<RecipientView>()).IsActive);
        Assert.Equal(10, (await ExportAsync(county, query)).Count);

        // The list's totals follow the filter.
        var page = await county.GetAsync($"/api/v1/recipients?q={Uri.EscapeDataString(prefix)}&page=1&pageSize=7", Ct);
        var json = await page.JsonAsync();
        Assert.Equal(30, json.GetProperty("total").GetInt32());
        Assert.Equal(7, json.GetProperty("items").GetArrayLength());
        var badDivision = await county.GetAsync("/api/v1/recipients?division=15x", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badDivision.StatusCode);
        Assert.Equal([WarningErrors.RecipientFilterDivision], await badDivision.FieldCodesAsync("division"));
    }

    [Fact]
    public async Task A_county_cannot_import_recipients_into_a_neighbouring_countys_jurisdiction()
    {
        var prefix = "越界接收人" + Guid.NewGuid().ToString("N")[..6];
        var rows = Rows(prefix, 3);
        rows[2][RecipientsWorkbooksHandler.Areas] = "150204";
        var county = await Beacon.SignInAsync("duty.150203");
        var refused = await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Contains("row 4, column 关注区划代码", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(WarningErrors.RecipientArea, Assert.Single(problem.GetProperty("rows").EnumerateArray()).GetProperty("code").GetString());

        // Nor under the neighbour's unit.
        rows[2][RecipientsWorkbooksHandler.Areas] = "150203";
        rows[1][RecipientsWorkbooksHandler.Unit] = "青山区应急管理局";
        var unit = await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows));
        Assert.Equal(HttpStatusCode.BadRequest, unit.StatusCode);
        Assert.Contains("row 3, column 所属单位", (await unit.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(prefix));

        // The neighbour's list and export show none of the county's recipients.
        rows[1][RecipientsWorkbooksHandler.Unit] = "";
        Assert.Equal(HttpStatusCode.OK, (await county.PostWorkbookAsync(Import, Workbooks.ToXlsx(rows))).StatusCode);
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Empty(await neighbour.GetAllPagesAsync<RecipientView>($"/api/v1/recipients?q={Uri.EscapeDataString(prefix)}", Ct));
        Assert.DoesNotContain(await ExportAsync(neighbour, $"q={Uri.EscapeDataString(prefix)}&state=All"), r => r[RecipientsWorkbooksHandler.Name] is string n && n.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_viewer_cannot_import_nor_download_the_template()
    {
        var prefix = "查看人员导入" + Guid.NewGuid().ToString("N")[..6];
        var viewer = await Beacon.SignInAsync("viewer.150203");
        var refused = await viewer.PostWorkbookAsync(Import, Workbooks.ToXlsx(Rows(prefix, 2)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(PermissionCheck.DeniedCode, problem.GetProperty("code").GetString());
        Assert.Equal(WarningPermissions.ManageRecipients.Code, problem.GetProperty("permission").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/recipients/template.xlsx", Ct)).StatusCode);
        Assert.Equal(0, await CountAsync(prefix));

        // The viewer still reads the list and its export.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/recipients/export.xlsx", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_with_a_code()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var refused = await county.PostWorkbookAsync(Import, "名称,手机号\n张三,13900000000"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.JsonAsync();
        Assert.Equal(WarningErrors.RecipientImportFile, problem.Code());
        Assert.Equal([WarningErrors.RecipientImportFile], problem.FieldCodes("file"));

        var template = await county.GetAsync("/api/v1/recipients/template.xlsx", Ct);
        Assert.Equal(ApiDocs.Xlsx, template.Content.Headers.ContentType?.MediaType);
        using var sheet = new MemoryStream(await template.Content.ReadAsByteArrayAsync(Ct));
        var rows = sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(RecipientsWorkbooksHandler.ImportColumns, rows[0].Keys);
    }

    /// <summary><paramref name="count"/> persons of 昆都仑区 named prefix-0000 …, phones 139 0000 0000 + i, every column of the template.</summary>
    private static List<Dictionary<string, object?>> Rows(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var row = RecipientsWorkbooksHandler.ImportColumns.ToDictionary(c => c, _ => (object?)null);
            row[RecipientsWorkbooksHandler.Kind] = "责任人";
            row[RecipientsWorkbooksHandler.Name] = $"{prefix}-{i:0000}";
            row[RecipientsWorkbooksHandler.Phone] = (13900000000L + i).ToString(CultureInfo.InvariantCulture);
            row[RecipientsWorkbooksHandler.Areas] = "150203";
            return row;
        })];

    private static async Task<List<IDictionary<string, object?>>> ExportAsync(HttpClient client, string query)
    {
        var export = await client.GetAsync($"/api/v1/recipients/export.xlsx?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var sheet = new MemoryStream(await export.Content.ReadAsByteArrayAsync(Ct));
        return [.. sheet.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Where(r => r[RecipientsWorkbooksHandler.Name] is string { Length: > 0 })];
    }

    private async Task<int> CountAsync(string prefix)
    {
        await using var db = Beacon.Db();
        return await db.Set<Recipient>().CountAsync(r => r.Name.StartsWith(prefix), Ct);
    }
}

public sealed class RecipientsTestsOnSqlite(SqliteBeacon beacon) : RecipientsTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class RecipientsTestsOnPostgres(PostgresBeacon beacon) : RecipientsTests(beacon), IClassFixture<PostgresBeacon>;
