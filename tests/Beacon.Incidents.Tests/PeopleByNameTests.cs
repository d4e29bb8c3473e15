using System.Net;
using Beacon.Incidents.Duty;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Accounts.Me;
using Beacon.Testing;
using DocumentFormat.OpenXml.Packaging;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 12, item 9: people appear by display name and unit (王值班（昆都仑区总值班室）) in the report chain, the
/// reports, instructions and feedback, the duty log and the written report; the records keep the login.
/// </summary>
public abstract class PeopleByNameTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string CountyOfficer = "昆都仑区值班员（演示）（昆都仑区人民政府总值班室）";
    private const string PrefectureOfficer = "包头市值班员（演示）（包头市人民政府总值班室）";

    [Fact]
    public async Task The_chain_reports_instructions_feedback_and_duty_log_name_people_by_display_name_and_unit_and_keep_the_login()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var chain = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { assessment = "已核实" })).ReadAsync<List<SubmissionView>>();

        var link = Assert.Single(chain);
        Assert.Equal("duty.150203", link.SubmittedBy);
        Assert.Equal(CountyOfficer, link.SubmittedByName);
        Assert.Equal("duty.150200", link.SignedBy);
        Assert.Equal(PrefectureOfficer, link.SignedByName);

        var detail = await (await county.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal(CountyOfficer, Assert.Single(detail.Reports).SubmittedByName);
        Assert.Equal(PrefectureOfficer, Assert.Single(detail.Chain).SignedByName);

        var countyRoom = (await (await county.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;
        var issued = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/instructions", new
        {
            kind = "Referral",
            text = "请昆都仑区核实现场情况并及时反馈。",
            toUnitIds = new[] { countyRoom },
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var instruction = await issued.ReadAsync<InstructionView>();
        var part = Assert.Single(instruction.Assignments);
        Assert.Equal(HttpStatusCode.OK, (await county.PostAsync($"/api/v1/instruction-assignments/{part.Id}/sign", null, Ct)).StatusCode);
        Assert.True((await county.PostJsonAsync($"/api/v1/instruction-assignments/{part.Id}/feedback", new { text = "已核实，现场已处置完毕。", isFinal = true })).IsSuccessStatusCode);

        var seen = await (await prefecture.GetAsync($"/api/v1/instructions/{instruction.Id}", Ct)).ReadAsync<InstructionView>();
        Assert.Equal("duty.150200", seen.IssuedBy);
        Assert.Equal(PrefectureOfficer, seen.IssuedByName);
        var assignment = Assert.Single(seen.Assignments);
        Assert.Equal(CountyOfficer, assignment.SignedByName);
        Assert.Equal(CountyOfficer, Assert.Single(assignment.Feedback).ByName);

        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync("/api/v1/duty/log", new { text = "接报道路交通事故一起", isHandover = false })).StatusCode);
        var log = await county.GetAllPagesAsync<DutyLogView>("/api/v1/duty/log", Ct);
        Assert.Contains(log, e => e.By == "duty.150203" && e.ByName == CountyOfficer);
    }

    [Fact]
    public async Task The_written_report_names_who_filled_it_in_by_display_name_and_unit()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

        var response = await county.GetAsync($"/api/v1/incidents/{created.Id}/reports/{created.ReportId}/docx", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        using var doc = WordprocessingDocument.Open(stream, false);
        var text = doc.MainDocumentPart!.Document!.Body!.InnerText;

        Assert.Contains("填报人" + CountyOfficer, text, StringComparison.Ordinal);
        Assert.DoesNotContain("duty.150203", text, StringComparison.Ordinal);
    }
}

public sealed class PeopleByNameTestsOnSqlite(SqliteBeacon beacon) : PeopleByNameTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class PeopleByNameTestsOnPostgres(PostgresBeacon beacon) : PeopleByNameTests(beacon), IClassFixture<PostgresBeacon>;
