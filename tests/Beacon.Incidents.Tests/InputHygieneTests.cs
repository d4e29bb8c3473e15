using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Beacon.Incidents.Attachments;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Http;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Input hygiene (ADR 0004) for incidents: a first report or an attachment holding a control character is refused
/// naming the field and nothing is stored; a report that already holds one (written straight into the database)
/// still renders as DOCX and in the register's Excel export.
/// </summary>
public abstract class InputHygieneTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Theory]
    [InlineData("title", "\u0000")]
    [InlineData("narrative", "\u0000")]
    [InlineData("signer", "\u0007")]
    [InlineData("address", "\u0085")]
    public async Task A_first_report_with_a_control_character_is_refused_naming_the_field_and_nothing_is_stored(string field, string control)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var body = ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow());
        body[field] = "昆都仑区" + control + "某化工厂";
        var before = await CountAsync();

        var response = await duty.PostJsonAsync("/api/v1/incidents", body);

        await AssertRefusedAsync(response, field);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task An_attachment_whose_file_name_holds_a_control_character_is_refused_naming_the_file_field()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var incident = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var part = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = "现场\u0000照片.png" };
        using var form = new MultipartFormDataContent { part };

        var response = await duty.PostAsync($"/api/v1/incidents/{incident.Id}/attachments", form, Ct);

        await AssertRefusedAsync(response, AttachmentsHandler.Field);
        await using var db = Beacon.Db();
        Assert.False(await db.Set<Attachment>().AnyAsync(a => a.IncidentId == incident.Id, Ct));
    }

    [Fact]
    public async Task A_report_already_holding_control_characters_still_renders_as_docx_and_in_the_excel_export()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        // PostgreSQL cannot store U+0000 in text at all; SQLite can. Both take the other control characters.
        var nul = Beacon.Provider == Provider.Sqlite ? "\u0000" : "\u0001";
        var title = $"昆都仑区{nul}某化工厂\u001B爆炸事故\uFFFF";
        var narrative = $"11时05分{nul}，某化工厂\u0008发生爆炸，已造成1人死亡3人受伤。";
        await using (var db = Beacon.Db())
        {
            await db.Set<Incident>().Where(i => i.Id == created.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Title, title), Ct);
            await db.Set<IncidentReport>().Where(r => r.Id == created.ReportId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Narrative, narrative), Ct);
            Assert.Equal(title, (await db.Set<Incident>().AsNoTracking().SingleAsync(i => i.Id == created.Id, Ct)).Title);
        }

        var docx = await duty.GetAsync($"/api/v1/incidents/{created.Id}/reports/{created.ReportId}/docx", Ct);

        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        await using (var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)))
        {
            using var doc = WordprocessingDocument.Open(stream, false);
            var text = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("昆都仑区某化工厂爆炸事故", text, StringComparison.Ordinal);
            Assert.Contains("11时05分，某化工厂发生爆炸，已造成1人死亡3人受伤。", text, StringComparison.Ordinal);
            Assert.Contains("王主任", text, StringComparison.Ordinal);
        }

        var xlsx = await duty.GetAsync("/api/v1/incidents/export.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        await using (var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)))
        {
            var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
            Assert.Contains(rows, r => (string?)r["编号"] == created.Number && r.Values.OfType<string>().Any(v => v.Contains("某化工厂", StringComparison.Ordinal)));
        }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(TextHygiene.Code, problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.Equal(TextHygiene.Code, problem.GetProperty("codes").GetProperty(field)[0].GetString());
    }

    private async Task<(int Incidents, int Reports)> CountAsync()
    {
        await using var db = Beacon.Db();
        return (await db.Set<Incident>().CountAsync(Ct), await db.Set<IncidentReport>().CountAsync(Ct));
    }
}

public sealed class InputHygieneTestsOnSqlite(SqliteBeacon beacon) : InputHygieneTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class InputHygieneTestsOnPostgres(PostgresBeacon beacon) : InputHygieneTests(beacon), IClassFixture<PostgresBeacon>;
