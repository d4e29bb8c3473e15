using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Deadlines.ReportingRules;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting.SubmitReport;
using Beacon.Platform.Time;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Reporting clocks (报告时限) on the fake clock: the work points' rule gives 20 minutes for the phone report and
/// 40 for the written report, counted from learned-at, for level Ⅲ and above and for sensitive events.
/// </summary>
public abstract class ReportingClockTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_level_III_first_report_starts_the_phone_and_written_clocks_from_learned_at()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var learnedAt = Beacon.Clock.GetUtcNow().AddMinutes(-10);

        var created = await ReportAsync(duty, learnedAt, Severity.III);

        var phone = created.Obligations.Single(o => o.Channel == ReportChannel.Phone);
        var written = created.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == Reporting.ReportKind.First);
        Assert.Equal(learnedAt.AddMinutes(20), phone.DueAt);
        Assert.Equal(ObligationStatus.OnTime, phone.Status);
        Assert.Equal(learnedAt.AddMinutes(40), written.DueAt);
        // Filed by the county, owed to the region: met only when it reaches the region (PhoneAndWrittenRuleTests).
        Assert.Equal(ObligationStatus.OnTime, written.Status);
        Assert.Equal(ObligationReasons.NotReceived, written.Reason);
        Assert.Matches(@"^150203-\d{4}-\d{4}$", created.Number);
    }

    [Fact]
    public async Task The_phone_obligation_goes_due_soon_then_overdue_and_a_late_call_is_met_late()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var learnedAt = Beacon.Clock.GetUtcNow();
        var created = await ReportAsync(duty, learnedAt, Severity.II);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(ObligationStatus.DueSoon, await PhoneStatusAsync(duty, created.Id));

        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ObligationStatus.Overdue, await PhoneStatusAsync(duty, created.Id));
        var board = await duty.GetAllPagesAsync<Deadlines.ListObligations.BoardObligation>("/api/v1/obligations", Ct);
        Assert.Contains(board, b => b.Obligation.IncidentId == created.Id && b.Obligation.Status == ObligationStatus.Overdue);

        var region = await RegionDutyRoomAsync(duty);
        var call = await duty.PostJsonAsync($"/api/v1/incidents/{created.Id}/phone-reports", new
        {
            toUnitId = region,
            caller = "张值班",
            callee = "自治区总值班室 李值班",
            calledAt = Beacon.Clock.GetUtcNow(),
            summary = "电话报告事件基本情况",
        });
        Assert.Equal(HttpStatusCode.Created, call.StatusCode);
        Assert.Equal(ObligationStatus.MetLate, await PhoneStatusAsync(duty, created.Id));
    }

    [Fact]
    public async Task A_written_first_report_after_forty_minutes_is_met_late()
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        var created = await ReportAsync(duty, Beacon.Clock.GetUtcNow().AddMinutes(-50), Severity.I);

        Assert.Equal(ObligationStatus.MetLate, created.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == Reporting.ReportKind.First).Status);
        Assert.Equal(ObligationStatus.Overdue, created.Obligations.Single(o => o.Channel == ReportChannel.Phone).Status);
    }

    [Fact]
    public async Task A_general_level_IV_event_owes_nothing_to_the_region_unless_it_is_sensitive()
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        var plain = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.IV);
        var sensitive = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.IV, sensitive: true);

        Assert.Empty(plain.Obligations);
        Assert.Equal(2, sensitive.Obligations.Count(o => o.Kind == Reporting.ReportKind.First));
    }

    [Fact]
    public async Task Raising_the_level_in_a_follow_up_creates_the_obligations_counted_from_the_raise()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.IV);
        Assert.Empty(created.Obligations);
        Beacon.Clock.Advance(TimeSpan.FromHours(2));
        var raisedAt = Beacon.Clock.GetUtcNow();
        duty = await Beacon.SignInAsync("duty.150203");

        var followUp = await duty.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("FollowUp", "III", deaths: 4));

        Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);
        var report = await followUp.ReadAsync<SubmittedReport>();
        Assert.Equal("续报一", report.Title);
        var phone = report.Obligations.Single(o => o.Channel == ReportChannel.Phone);
        Assert.Equal(raisedAt.AddMinutes(20), phone.DueAt);
        var detail = await (await duty.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal(Severity.III, detail.Incident.Severity);
        Assert.Equal(4, detail.Incident.Casualties.Deaths);
        Assert.Equal(2, detail.Reports.Count);
        Assert.Equal(1, detail.Reports[0].Casualties.Deaths);
    }

    [Fact]
    public async Task A_final_report_closes_the_incident_and_meets_the_pending_follow_up()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        // Level Ⅱ goes to the region at once (越级上报), so a report the county files reaches the unit owed when filed.
        var created = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.II);
        Assert.Contains(created.Obligations, o => o.Kind == Reporting.ReportKind.FollowUp && o.Sequence == 2);

        var final = await (await duty.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("Final", "III"))).ReadAsync<SubmittedReport>();
        var again = await duty.PostJsonAsync($"/api/v1/incidents/{created.Id}/reports", FollowUp("FollowUp", "III"));

        Assert.Equal("终报", final.Title);
        Assert.Equal(ObligationStatus.Met, final.Obligations.Single(o => o.Kind == Reporting.ReportKind.FollowUp).Status);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var detail = await (await duty.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal(IncidentStatus.Closed, detail.Incident.Status);
    }

    [Fact]
    public async Task A_rule_changed_by_an_administrator_applies_to_new_incidents_and_leaves_existing_deadlines()
    {
        var duty = await Beacon.SignInAsync("duty.150204");
        var before = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.III, location: "150204");
        var admin = await Beacon.SignInAsync("admin.150000");
        var rules = await (await admin.GetAsync("/api/v1/reporting-rules", Ct)).ReadAsync<List<ReportingRuleView>>();
        var rule = rules.Single(r => r.IsActive);

        try
        {
            var changed = await PutRuleAsync(admin, rule, phone: 15, written: 30);
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var county = await Beacon.SignInAsync("admin.150204");
            Assert.Equal(HttpStatusCode.Forbidden, (await PutRuleAsync(county, rule with { Version = rule.Version + 1 }, 1, 1)).StatusCode);

            var after = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.III, location: "150204");

            Assert.Equal(TimeSpan.FromMinutes(15), after.Obligations.Single(o => o.Channel == ReportChannel.Phone).DueAt - Beacon.Clock.GetUtcNow());
            var old = await (await duty.GetAsync($"/api/v1/incidents/{before.Id}", Ct)).ReadAsync<IncidentDetail>();
            Assert.Equal(TimeSpan.FromMinutes(20), old.Obligations.Single(o => o.Channel == ReportChannel.Phone).DueAt - old.Incident.LearnedAt);
        }
        finally
        {
            var current = (await (await admin.GetAsync("/api/v1/reporting-rules", Ct)).ReadAsync<List<ReportingRuleView>>()).Single(r => r.Id == rule.Id);
            await PutRuleAsync(admin, current, 20, 40);
        }
    }

    [Fact]
    public async Task Times_are_stored_in_utc_and_shown_in_beijing_time()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var learnedAt = new DateTimeOffset(Beacon.Clock.GetUtcNow().AddMinutes(-3).DateTime, TimeSpan.Zero).ToOffset(TimeSpan.FromHours(8));
        var created = await ReportAsync(duty, learnedAt, Severity.IV);

        var detail = await (await duty.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        await using var db = Beacon.Db();
        var stored = db.Set<Incident>().Single(i => i.Id == created.Id);

        Assert.Equal(TimeSpan.Zero, stored.LearnedAt.Offset);
        Assert.Equal(learnedAt.UtcDateTime, stored.LearnedAt.UtcDateTime, TimeSpan.FromMilliseconds(1));
        var beijing = Beacon.Services.GetRequiredService<BeijingTime>();
        Assert.Equal(learnedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), beijing.Format(detail.Incident.LearnedAt));
    }

    protected static async Task<ReportedIncident> ReportAsync(HttpClient client, DateTimeOffset learnedAt, Severity severity, bool sensitive = false, string location = "150203")
    {
        var response = await client.PostJsonAsync("/api/v1/incidents", ValidReport(learnedAt, severity.ToString(), sensitive, location));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ReportedIncident>();
    }

    internal static Dictionary<string, object?> ValidReport(DateTimeOffset learnedAt, string severity = "III", bool sensitive = false, string location = "150203") => new()
    {
        ["title"] = "昆都仑区某化工厂爆炸事故",
        ["eventTypeCode"] = "12A03",
        ["severity"] = severity,
        ["isSensitive"] = sensitive,
        ["occurredAt"] = learnedAt.AddMinutes(-5),
        ["learnedAt"] = learnedAt,
        ["locationCode"] = location,
        ["address"] = "包头市昆都仑区钢铁大街",
        ["latitude"] = 40.66,
        ["longitude"] = 109.84,
        ["deaths"] = 1,
        ["injured"] = 3,
        ["directLossTenThousandYuan"] = 120.5m,
        ["source"] = "Phone",
        ["narrative"] = "11时05分，某化工厂发生爆炸，已造成1人死亡3人受伤。",
        ["measures"] = "消防、公安、卫健已赶赴现场。",
        ["signer"] = "王主任",
        ["phone"] = "0472-2100000",
    };

    private static object FollowUp(string kind, string severity, int deaths = 1) => new
    {
        kind,
        severity,
        isSensitive = false,
        deaths,
        injured = 3,
        directLossTenThousandYuan = 150m,
        narrative = "现场明火已扑灭，搜救继续。",
        signer = "王主任",
    };

    private static async Task<ObligationStatus> PhoneStatusAsync(HttpClient client, Guid incident)
    {
        var detail = await (await client.GetAsync($"/api/v1/incidents/{incident}", Ct)).ReadAsync<IncidentDetail>();
        return detail.Obligations.Single(o => o.Channel == ReportChannel.Phone).Status;
    }

    private async Task<Guid> RegionDutyRoomAsync(HttpClient client)
    {
        await using var db = Beacon.Db();
        return db.Units.Where(u => u.Jurisdiction!.Code == "150000" && u.Kind == Platform.Units.UnitKind.DutyRoom).Select(u => u.Id).First();
    }

    private static async Task<HttpResponseMessage> PutRuleAsync(HttpClient admin, ReportingRuleView rule, int phone, int written)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/reporting-rules/{rule.Id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(new
            {
                name = rule.Name,
                isActive = true,
                minSeverity = rule.MinSeverity,
                coversSensitive = rule.CoversSensitive,
                phoneMinutes = phone,
                writtenMinutes = written,
                followUpEveryMinutes = rule.FollowUpEveryMinutes,
                reportTo = rule.ReportTo,
            }, BeaconFactory.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{rule.Version}\""));
        return await admin.SendAsync(request, Ct);
    }
}

public sealed class ReportingClockTestsOnSqlite(SqliteBeacon beacon) : ReportingClockTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ReportingClockTestsOnPostgres(PostgresBeacon beacon) : ReportingClockTests(beacon), IClassFixture<PostgresBeacon>;
