using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Deadlines.ReportingRules;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13, reporting rules administration (报送规则, decision 0031): rules added per level, event type and
/// jurisdiction create obligations for the reports made after them only; retired rules create nothing; a prefecture
/// administrator administers only rules of its own subtree. Each test works with rules of its own name, as the class
/// shares one database.
/// </summary>
public abstract class ReportingRuleAdministrationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_new_level_IV_Baotou_rule_with_a_60_minute_written_report_creates_obligations_for_the_next_matching_report_only()
    {
        const string name = "包头市一般事件60分钟书面报告";
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var before = await ReportAsync(kundulun, Severity.IV, "150203");
        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));

        var admin = await Beacon.SignInAsync("admin.150200");
        var added = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule(name, "150200", written: 60));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var rule = await added.ReadAsync<ReportingRuleView>();
        Assert.True(rule.IsActive);
        Assert.Equal("150200", rule.JurisdictionCode);
        Assert.Equal("包头市", rule.JurisdictionName);
        Assert.Equal("盟市总值班室", rule.ReportTo);

        var learnedAt = Beacon.Clock.GetUtcNow().AddMinutes(-2);
        var after = await ReportAsync(kundulun, Severity.IV, "150203", learnedAt);
        var written = Assert.Single(after.Obligations, o => o.RuleName == name);
        Assert.Equal(ReportChannel.Written, written.Channel);
        Assert.Equal(ReportKind.First, written.Kind);
        Assert.Equal(learnedAt.AddMinutes(60), written.DueAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(await DutyRoomAsync("150200"), written.OwedUnitId);
        // The county's report goes to 包头市 at filing: the obligation owed there is met when filed.
        Assert.Equal(ObligationStatus.Met, written.Status);

        // The report before the rule has none, not even after a follow-up made under the rule.
        Assert.Equal(HttpStatusCode.Created, (await kundulun.PostJsonAsync($"/api/v1/incidents/{before.Id}/reports", FollowUp())).StatusCode);
        Assert.DoesNotContain((await DetailAsync(kundulun, before.Id)).Obligations, o => o.RuleName == name);

        // Another prefecture (呼和浩特市) is not covered; a level Ⅲ in 包头 is (Ⅳ and above).
        var hohhot = await ReportAsync(await Beacon.SignInAsync("duty.150100"), Severity.IV, "150100");
        Assert.DoesNotContain(hohhot.Obligations, o => o.RuleName == name);
        var serious = await ReportAsync(kundulun, Severity.III, "150203");
        Assert.Contains(serious.Obligations, o => o.RuleName == name);

        await using var db = Beacon.Db();
        var audit = await db.AuditEntries.Where(e => e.Action == "reporting-rule.added" && e.EntityId == rule.Id.ToString()).ToListAsync(Ct);
        Assert.Equal("admin.150200", Assert.Single(audit).UserName);
    }

    [Fact]
    public async Task A_retired_rule_creates_nothing_stays_listed_as_retired_and_can_be_reinstated()
    {
        const string name = "包头市危化品事故30分钟书面报告";
        var admin = await Beacon.SignInAsync("admin.150000");
        var rule = await (await admin.PostJsonAsync("/api/v1/reporting-rules", Rule(name, "150200", written: 30, eventType: "12A03"))).ReadAsync<ReportingRuleView>();

        var retired = await admin.PostAsync($"/api/v1/reporting-rules/{rule.Id}/retire", null, Ct);
        var again = await admin.PostAsync($"/api/v1/reporting-rules/{rule.Id}/retire", null, Ct);

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(IncidentErrors.RuleAlreadyRetired, await again.CodeAsync());
        var listed = (await (await admin.GetAsync("/api/v1/reporting-rules?active=false", Ct)).ReadAsync<List<ReportingRuleView>>()).Single(r => r.Id == rule.Id);
        Assert.False(listed.IsActive);
        Assert.Equal("admin.150000", listed.RetiredBy);
        Assert.NotNull(listed.RetiredAt);
        Assert.DoesNotContain(await (await admin.GetAsync("/api/v1/reporting-rules?active=true", Ct)).ReadAsync<List<ReportingRuleView>>(), r => r.Id == rule.Id);
        var kundulun = await Beacon.SignInAsync("duty.150203");
        Assert.DoesNotContain((await ReportAsync(kundulun, Severity.IV, "150203")).Obligations, o => o.RuleName == name);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/reporting-rules/{rule.Id}/reinstate", null, Ct)).StatusCode);

        Assert.Contains((await ReportAsync(kundulun, Severity.IV, "150203")).Obligations, o => o.RuleName == name);
        await using var db = Beacon.Db();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "reporting-rule.retired" && e.EntityId == rule.Id.ToString(), Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "reporting-rule.reinstated" && e.EntityId == rule.Id.ToString(), Ct));
    }

    [Fact]
    public async Task An_event_type_rule_matches_only_its_type_and_its_sub_types()
    {
        const string name = "包头市气象灾害20分钟电话报告";
        var admin = await Beacon.SignInAsync("admin.150000");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJsonAsync("/api/v1/reporting-rules", Rule(name, "150200", phone: 20, eventType: "11B"))).StatusCode);
        var kundulun = await Beacon.SignInAsync("duty.150203");

        var rainstorm = await ReportAsync(kundulun, Severity.IV, "150203", type: "11B03");
        var chemicals = await ReportAsync(kundulun, Severity.IV, "150203", type: "12A03");

        var phone = Assert.Single(rainstorm.Obligations, o => o.RuleName == name);
        Assert.Equal(ReportChannel.Phone, phone.Channel);
        Assert.DoesNotContain(chemicals.Obligations, o => o.RuleName == name);
    }

    [Fact]
    public async Task A_prefecture_administrator_administers_only_rules_of_its_own_subtree()
    {
        var baotou = await Beacon.SignInAsync("admin.150200");

        var regionWide = await baotou.PostJsonAsync("/api/v1/reporting-rules", Rule("越权全区规则", null, written: 60));
        var otherPrefecture = await baotou.PostJsonAsync("/api/v1/reporting-rules", Rule("越权呼和浩特规则", "150100", written: 60));
        var owedToRegion = await baotou.PostJsonAsync("/api/v1/reporting-rules", Rule("越权报自治区规则", "150200", written: 60, reportToLevel: null));

        Assert.Equal(HttpStatusCode.Forbidden, regionWide.StatusCode);
        Assert.Equal(IncidentErrors.RuleNotRegionAdmin, await regionWide.CodeAsync());
        Assert.Equal(HttpStatusCode.Forbidden, otherPrefecture.StatusCode);
        Assert.Equal(IncidentErrors.RuleOutOfScope, await otherPrefecture.CodeAsync());
        Assert.Equal(HttpStatusCode.Forbidden, owedToRegion.StatusCode);
        Assert.Equal(IncidentErrors.RuleReportToOutOfScope, await owedToRegion.CodeAsync());

        // A rule of 包头市: its county cannot change or retire it, another prefecture does not even see it.
        var own = await (await baotou.PostJsonAsync("/api/v1/reporting-rules", Rule("包头市本级规则", "150200", written: 90))).ReadAsync<ReportingRuleView>();
        var county = await Beacon.SignInAsync("admin.150203");
        var countyRetire = await county.PostAsync($"/api/v1/reporting-rules/{own.Id}/retire", null, Ct);
        var countyChange = await PutAsync(county, own.Id, own.Version, Rule("包头市本级规则", "150203", written: 10, reportToLevel: "County"));
        Assert.Equal(HttpStatusCode.Forbidden, countyRetire.StatusCode);
        Assert.Equal(IncidentErrors.RuleOutOfScope, await countyRetire.CodeAsync());
        Assert.Equal(HttpStatusCode.Forbidden, countyChange.StatusCode);
        Assert.Contains(await (await county.GetAsync("/api/v1/reporting-rules", Ct)).ReadAsync<List<ReportingRuleView>>(), r => r.Id == own.Id && !r.CanManage);
        var hohhot = await Beacon.SignInAsync("admin.150100");
        Assert.DoesNotContain(await (await hohhot.GetAsync("/api/v1/reporting-rules", Ct)).ReadAsync<List<ReportingRuleView>>(), r => r.Id == own.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await hohhot.PostAsync($"/api/v1/reporting-rules/{own.Id}/retire", null, Ct)).StatusCode);
        // Nor can it change the region's rule.
        var seeded = (await (await baotou.GetAsync("/api/v1/reporting-rules", Ct)).ReadAsync<List<ReportingRuleView>>()).First(r => r.JurisdictionCode is null);
        Assert.False(seeded.CanManage);
        Assert.Equal(HttpStatusCode.Forbidden, (await baotou.PostAsync($"/api/v1/reporting-rules/{seeded.Id}/retire", null, Ct)).StatusCode);

        // Its own rule it changes, with the version it read; a stale version is refused.
        var changed = await PutAsync(baotou, own.Id, own.Version, Rule("包头市本级规则（修订）", "150200", written: 45));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(45, (await changed.ReadAsync<ReportingRuleView>()).WrittenMinutes);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(baotou, own.Id, own.Version, Rule("包头市本级规则", "150200", written: 50))).StatusCode);

        await using var db = Beacon.Db();
        Assert.DoesNotContain(await db.Set<ReportingRule>().ToListAsync(Ct), r => r.Name.StartsWith("越权", StringComparison.Ordinal));
        Assert.Equal(45, (await db.Set<ReportingRule>().SingleAsync(r => r.Id == own.Id, Ct)).WrittenMinutes);
        Assert.True((await db.Set<ReportingRule>().SingleAsync(r => r.Id == seeded.Id, Ct)).IsActive);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_codes_naming_the_field_and_nothing_is_stored()
    {
        var admin = await Beacon.SignInAsync("admin.150000");

        var unknownType = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则一", "150200", written: 60, eventType: "99Z99"));
        var unknownPlace = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则二", "159999", written: 60));
        var noDeadline = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则三", "150200"));
        var coversNothing = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则四", "150200", written: 60, minSeverity: null));
        var wrongClass = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则五", "150200", written: 60, eventType: "11B03") with { EventClass = "Accident" });
        var tooLong = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则六", "150200", written: 20000));
        var notAssessed = await admin.PostJsonAsync("/api/v1/reporting-rules", Rule("错误规则七", "150200", written: 60, minSeverity: "NotAssessed"));

        Assert.Contains(IncidentErrors.RuleEventTypeUnknown, await unknownType.FieldCodesAsync("eventTypeCode"));
        Assert.Contains(IncidentErrors.RuleJurisdictionUnknown, await unknownPlace.FieldCodesAsync("jurisdictionCode"));
        Assert.Contains(IncidentErrors.RuleNoDeadline, await noDeadline.FieldCodesAsync("writtenMinutes"));
        Assert.Contains(IncidentErrors.RuleCoversNothing, await coversNothing.FieldCodesAsync("minSeverity"));
        Assert.Contains(IncidentErrors.RuleEventTypeClass, await wrongClass.FieldCodesAsync("eventTypeCode"));
        Assert.NotEmpty(await tooLong.FieldCodesAsync("writtenMinutes"));
        Assert.Contains(IncidentErrors.RuleMinSeverity, await notAssessed.FieldCodesAsync("minSeverity"));
        foreach (var response in new[] { unknownType, unknownPlace, noDeadline, coversNothing, wrongClass, tooLong, notAssessed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await using var db = Beacon.Db();
        Assert.DoesNotContain(await db.Set<ReportingRule>().ToListAsync(Ct), r => r.Name.StartsWith("错误规则", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_preview_says_which_levels_and_which_recent_incidents_a_draft_would_cover_and_stores_nothing()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var recent = await ReportAsync(kundulun, Severity.IV, "150203", type: "11D04");
        var admin = await Beacon.SignInAsync("admin.150200");
        var count = await RuleCountAsync();

        var answer = await admin.PostJsonAsync("/api/v1/reporting-rules/preview", Rule("包头市地面塌陷预览", "150200", written: 60, eventType: "11D04"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var preview = await answer.ReadAsync<RulePreview>();
        Assert.Equal([true, true, true, true, false], preview.Levels.Select(l => l.Covered));
        var level4 = preview.Levels.Single(l => l.Severity == Severity.IV && !l.Sensitive);
        var obligation = Assert.Single(level4.Obligations);
        Assert.Equal((ReportChannel.Written, 60), (obligation.Channel, obligation.Minutes));
        var incident = Assert.Single(preview.Incidents, i => i.Id == recent.Id);
        var owedRoom = await DutyRoomAsync("150200");
        await using (var db = Beacon.Db())
        {
            Assert.Equal((await db.Units.SingleAsync(u => u.Id == owedRoom, Ct)).Name, Assert.Single(incident.Obligations).OwedTo);
        }

        Assert.All(preview.Incidents, i => Assert.Equal("11D04", i.EventTypeCode));
        Assert.True(preview.Matched <= preview.Examined);
        Assert.Equal(count, await RuleCountAsync());

        var outOfScope = await admin.PostJsonAsync("/api/v1/reporting-rules/preview", Rule("呼和浩特预览", "150100", written: 60));
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        Assert.Equal(IncidentErrors.RuleOutOfScope, await outOfScope.CodeAsync());
    }

    private async Task<int> RuleCountAsync()
    {
        await using var db = Beacon.Db();
        return await db.Set<ReportingRule>().CountAsync(Ct);
    }

    private static RuleBody Rule(
        string name, string? jurisdiction, int? phone = null, int? written = null, string? eventType = null, string? reportToLevel = "Prefecture",
        string? minSeverity = "IV") =>
        new(name, minSeverity, false, null, phone, written, null, reportToLevel, jurisdiction, eventType);

    private async Task<ReportedIncident> ReportAsync(HttpClient client, Severity severity, string location, DateTimeOffset? learnedAt = null, string type = "12A03")
    {
        var body = ReportingClockTests.ValidReport(learnedAt ?? Beacon.Clock.GetUtcNow(), severity.ToString(), false, location);
        body["eventTypeCode"] = type;
        var response = await client.PostJsonAsync("/api/v1/incidents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ReportedIncident>();
    }

    private static object FollowUp() => new
    {
        kind = "FollowUp",
        severity = "IV",
        isSensitive = false,
        narrative = "现场处置继续，无新增伤亡。",
        signer = "王主任",
    };

    private static async Task<IncidentDetail> DetailAsync(HttpClient client, Guid incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}", Ct)).ReadAsync<IncidentDetail>();

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, int version, RuleBody body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/reporting-rules/{id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(request, Ct);
    }

    private async Task<Guid> DutyRoomAsync(string code)
    {
        await using var db = Beacon.Db();
        return await db.Units.Where(u => u.Jurisdiction!.Code == code && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).Select(u => u.Id).FirstAsync(Ct);
    }

    /// <summary>A rule as the API takes it (enums by name).</summary>
    private sealed record RuleBody(
        string Name, string? MinSeverity, bool CoversSensitive, string? EventClass, int? PhoneMinutes, int? WrittenMinutes, int? FollowUpEveryMinutes,
        string? ReportToLevel, string? JurisdictionCode, string? EventTypeCode);
}

public sealed class ReportingRuleAdministrationTestsOnSqlite(SqliteBeacon beacon) : ReportingRuleAdministrationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ReportingRuleAdministrationTestsOnPostgres(PostgresBeacon beacon) : ReportingRuleAdministrationTests(beacon), IClassFixture<PostgresBeacon>;
