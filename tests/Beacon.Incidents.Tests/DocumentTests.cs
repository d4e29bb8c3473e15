using System.Globalization;
using System.Net;
using Beacon.Incidents.Documents;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Incidents.Tests;

public abstract class DocumentTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_written_report_downloads_as_a_docx_with_the_chinese_fields_intact()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

        var response = await duty.GetAsync($"/api/v1/incidents/{created.Id}/reports/{created.ReportId}/docx", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        using var doc = WordprocessingDocument.Open(stream, false);
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("突发事件信息首报", text, StringComparison.Ordinal);
        Assert.Contains(created.Number, text, StringComparison.Ordinal);
        Assert.Contains("昆都仑区某化工厂爆炸事故", text, StringComparison.Ordinal);
        Assert.Contains("危险化学品事故（12A03）", text, StringComparison.Ordinal);
        Assert.Contains("Ⅲ级（较大）", text, StringComparison.Ordinal);
        Assert.Contains("死亡 1 人", text, StringComparison.Ordinal);
        Assert.Contains("120.5 万元", text, StringComparison.Ordinal);
        Assert.Contains("昆都仑区人民政府总值班室", text, StringComparison.Ordinal);
        Assert.Contains("王主任", text, StringComparison.Ordinal);
        Assert.Contains("0472-2100000", text, StringComparison.Ordinal);

        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/incidents/{created.Id}/reports/{created.ReportId}/docx", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_register_exports_to_excel_and_a_neighbour_exports_none_of_it()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

        var rows = await ReadXlsxAsync(duty, "/api/v1/incidents/export.xlsx");
        var neighbourRows = await ReadXlsxAsync(await Beacon.SignInAsync("duty.150204"), "/api/v1/incidents/export.xlsx");

        Assert.Contains(rows, r => (string?)r["编号"] == created.Number && (string?)r["事件级别"] == "Ⅲ级（较大）");
        Assert.DoesNotContain(neighbourRows, r => (string?)r["编号"] == created.Number);
    }

    [Fact]
    public async Task Timeliness_counts_a_late_phone_report_against_the_unit()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow().AddMinutes(-30)));

        var stats = await (await kundulun.GetAsync("/api/v1/statistics/timeliness", Ct)).ReadAsync<List<TimelinessRow>>();

        var row = Assert.Single(stats, s => s.UnitName == "昆都仑区人民政府总值班室");
        Assert.True(row.FirstDue > row.FirstOnTime, $"{row}");
        Assert.NotNull(row.FirstRate);
        Assert.True(row.FirstRate < 100);
        var xlsx = await ReadXlsxAsync(kundulun, "/api/v1/statistics/timeliness.xlsx");
        Assert.Contains(xlsx, r => (string?)r["单位"] == "昆都仑区人民政府总值班室");
    }

    [Theory]
    [InlineData(0, IncidentErrors.TimelinessPeriod)]
    [InlineData(-1, IncidentErrors.TimelinessPeriod)]
    [InlineData(367, IncidentErrors.TimelinessRangeTooLong)]
    public async Task Timeliness_refuses_a_reversed_or_overlong_period_with_a_code_naming_to_on_the_list_and_the_excel(int days, string code)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var query = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddDays(days).ToString("O", CultureInfo.InvariantCulture))}";

        foreach (var url in new[] { $"/api/v1/statistics/timeliness?{query}", $"/api/v1/statistics/timeliness.xlsx?{query}" })
        {
            using var response = await duty.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(code, await response.FieldCodesAsync("to"));
        }

        // A whole leap year is the longest period: answered.
        var year = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(from.AddDays(366).ToString("O", CultureInfo.InvariantCulture))}";
        Assert.Equal(HttpStatusCode.OK, (await duty.GetAsync($"/api/v1/statistics/timeliness?{year}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Timeliness_counts_on_time_late_and_open_in_the_period_and_only_those_allowed_read_it()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var now = Beacon.Clock.GetUtcNow();
        await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(now.AddMinutes(-30)));
        var query = $"from={Uri.EscapeDataString(now.AddHours(-2).ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(now.AddHours(1).ToString("O", CultureInfo.InvariantCulture))}";

        var stats = await (await kundulun.GetAsync($"/api/v1/statistics/timeliness?{query}", Ct)).ReadAsync<List<TimelinessRow>>();

        var row = Assert.Single(stats, s => s.UnitName == "昆都仑区人民政府总值班室");
        Assert.Equal(row.FirstDue, row.FirstOnTime + row.FirstLate + row.FirstOpen);
        Assert.True(row.FirstOpen >= 1, $"{row}");

        // A leader reads them; a department liaison may not (403 naming the permission), through the list and the Excel.
        Assert.Equal(HttpStatusCode.OK, (await (await Beacon.SignInAsync("leader.150200")).GetAsync("/api/v1/statistics/timeliness", Ct)).StatusCode);
        var liaison = await Beacon.SignInAsync("liaison.150203");
        foreach (var url in new[] { "/api/v1/statistics/timeliness", "/api/v1/statistics/timeliness.xlsx" })
        {
            using var refused = await liaison.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("statistics.timeliness", (await refused.JsonAsync()).GetProperty("permission").GetString());
        }
    }

    private static async Task<List<IDictionary<string, object?>>> ReadXlsxAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        return stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
    }
}

public sealed class DocumentTestsOnSqlite(SqliteBeacon beacon) : DocumentTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DocumentTestsOnPostgres(PostgresBeacon beacon) : DocumentTests(beacon), IClassFixture<PostgresBeacon>;
