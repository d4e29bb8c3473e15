using System.Net;
using Beacon.Incidents.Classification;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Incidents.Timeline;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Http;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13, the register a duty room works from (事件台账): it finds an incident by a word in its second follow-up,
/// filters by level and overdue (fake clock), pages through 3,000 incidents, and exports exactly the filtered rows;
/// bad filters are coded 400s, never 500s; the incident timeline is in time order and scoped.
/// </summary>
public abstract class RegisterSearchTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const int Count = 3000;
    private const string Prefix = "150203-2097-";
    private const string Word = "尾矿库渗漏复查";

    [Fact]
    public async Task The_register_finds_a_word_of_the_second_follow_up_filters_by_level_and_overdue_pages_through_3000_and_exports_exactly_the_filtered_rows()
    {
        var seeded = await SeedAsync();
        var duty = await Beacon.SignInAsync("duty.150203");

        // A word only in the second follow-up (续报二) of one incident finds it, and only it.
        var reported = await (await duty.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        Assert.Equal(HttpStatusCode.Created, (await duty.PostJsonAsync($"/api/v1/incidents/{reported.Id}/reports", FollowUp("现场明火已扑灭，搜救继续。"))).StatusCode);
        Assert.Empty((await (await duty.GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString(Word)}", Ct)).ReadAsync<Paged<IncidentSummary>>()).Items);
        Assert.Equal(HttpStatusCode.Created, (await duty.PostJsonAsync($"/api/v1/incidents/{reported.Id}/reports", FollowUp($"经{Word}，下游水体未见异常。"))).StatusCode);
        var found = await (await duty.GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString(Word)}", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(1, found.Total);
        Assert.Equal(reported.Id, Assert.Single(found.Items).Id);
        Assert.Equal(3, found.Items[0].ReportCount);
        Assert.Empty((await (await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString(Word)}", Ct))
            .ReadAsync<Paged<IncidentSummary>>()).Items);

        // Level and overdue, on the fake clock: half the seeded deadlines are past now, the other half an hour ahead.
        var levelII = $"level=II&overdue=true&q={Uri.EscapeDataString(Prefix)}";
        var now = await duty.GetAllPagesAsync<IncidentSummary>($"/api/v1/incidents?{levelII}", Ct);
        Assert.Equal(seeded.OverdueNow.Order(), now.Select(i => i.Id).Order());
        Assert.All(now, i => Assert.True(i.Severity == Severity.II && i.IsOverdue && i.NextDueAt < Beacon.Clock.GetUtcNow()));
        Beacon.Clock.Advance(TimeSpan.FromHours(1));
        duty = await Beacon.SignInAsync("duty.150203"); // an hour idle ends a session
        var later = await duty.GetAllPagesAsync<IncidentSummary>($"/api/v1/incidents?{levelII}", Ct);
        Assert.Equal(seeded.OverdueNow.Concat(seeded.OverdueLater).Order(), later.Select(i => i.Id).Order());
        Assert.True(later.Count > now.Count);

        // The whole register pages through 3,000+ with the total; the filtered one too, and the export holds exactly its rows.
        var everything = await (await duty.GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString(Prefix)}&pageSize={Paging.MaxPageSize}", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(Count, everything.Total);
        var all = await duty.GetAllPagesAsync<IncidentSummary>($"/api/v1/incidents?q={Uri.EscapeDataString(Prefix)}", Ct);
        Assert.Equal(Count, all.Select(i => i.Id).Distinct().Count());
        var filtered = await duty.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents?level=II&overdue=true", Ct);
        var firstPage = await (await duty.GetAsync("/api/v1/incidents?level=II&overdue=true&pageSize=20", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(filtered.Count, firstPage.Total);
        Assert.True(filtered.Count > 20, "the export must hold more than one page");
        Assert.Superset(later.Select(i => i.Id).ToHashSet(), filtered.Select(i => i.Id).ToHashSet());

        using var export = await duty.GetAsync("/api/v1/incidents/export.xlsx?level=II&overdue=true", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = await SheetAsync(export);
        Assert.Equal(filtered.Select(i => i.Number), rows.Select(r => (string?)r["编号"]));
        Assert.All(rows, r => Assert.Equal("是", r["超时"]));
        Assert.All(rows, r => Assert.Equal("Ⅱ级（重大）", r["事件级别"]));
        Assert.All(rows, r => Assert.Contains(r["状态"], new object?[] { "处置中", "完结" }));
        Assert.Contains(rows, r => (string?)r["状态"] == "处置中");
    }

    [Fact]
    public async Task Filters_by_type_status_jurisdiction_and_period_sort_by_level_and_deadline_and_count_in_the_total()
    {
        var seeded = await SeedAsync();
        var region = await Beacon.SignInAsync("duty.150000");
        var prefix = Uri.EscapeDataString(Prefix);

        var kundulun = await (await region.GetAsync($"/api/v1/incidents?jurisdiction=150203&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        var baotou = await (await region.GetAsync($"/api/v1/incidents?jurisdiction=150200&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        var qingshan = await (await region.GetAsync($"/api/v1/incidents?jurisdiction=150204&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(Count, kundulun.Total);
        Assert.Equal(Count, baotou.Total);
        Assert.Equal(0, qingshan.Total);

        var closed = await (await region.GetAsync($"/api/v1/incidents?status=Closed&eventType={seeded.EventType}&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(Count / 3, closed.Total);
        var from = Uri.EscapeDataString(seeded.Start.AddMinutes(100).ToString("O"));
        var to = Uri.EscapeDataString(seeded.Start.AddMinutes(200).ToString("O"));
        var period = await (await region.GetAsync($"/api/v1/incidents?from={from}&to={to}&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(1000, period.Total);

        var byLevel = await (await region.GetAsync($"/api/v1/incidents?sort=Level&q={prefix}&pageSize=200", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.All(byLevel.Items, i => Assert.Equal(Severity.I, i.Severity));
        var byDeadline = await (await region.GetAsync($"/api/v1/incidents?sort=Deadline&q={prefix}&pageSize=5", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.All(byDeadline.Items, i => Assert.NotNull(i.NextDueAt));
        Assert.Equal(byDeadline.Items.Select(i => i.NextDueAt).Order(), byDeadline.Items.Select(i => i.NextDueAt));
        var oldest = await (await region.GetAsync($"/api/v1/incidents?sort=Oldest&q={prefix}&pageSize=1", Ct)).ReadAsync<Paged<IncidentSummary>>();
        Assert.Equal(seeded.Start, oldest.Items[0].LearnedAt);
    }

    [Theory]
    [InlineData("jurisdiction=150204", "jurisdiction", IncidentErrors.FilterJurisdictionNotInScope)]
    [InlineData("jurisdiction=150000", "jurisdiction", IncidentErrors.FilterJurisdictionNotInScope)]
    [InlineData("jurisdiction=999999", "jurisdiction", IncidentErrors.FilterJurisdictionNotInScope)]
    [InlineData("eventType=ZZZ", "eventType", IncidentErrors.EventTypeUnknown)]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to", IncidentErrors.FilterPeriod)]
    [InlineData("level=9", "level", "request.enum.undefined")]
    [InlineData("sort=7", "sort", "request.enum.undefined")]
    [InlineData("sort=Sideways", "sort", "request.parameter.invalid")]
    [InlineData("overdue=maybe", "overdue", "request.parameter.invalid")]
    [InlineData("level=Big", "level", "request.parameter.invalid")]
    [InlineData("q=%01drop", "q", TextHygiene.Code)]
    [InlineData("q=a%00b", "q", TextHygiene.Code)]
    public async Task A_bad_filter_gets_400_naming_the_field_on_the_list_and_the_export(string query, string field, string code)
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        foreach (var url in new[] { $"/api/v1/incidents?{query}", $"/api/v1/incidents/export.xlsx?{query}" })
        {
            using var response = await duty.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(code, await response.FieldCodesAsync(field));
        }
    }

    [Fact]
    public async Task A_huge_or_odd_search_text_is_a_coded_400_or_a_plain_answer_never_a_500()
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        using var tooLong = await duty.GetAsync($"/api/v1/incidents?q={new string('火', 2000)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains(IncidentErrors.FilterQTooLong, await tooLong.FieldCodesAsync("q"));
        using var huge = await duty.GetAsync($"/api/v1/incidents?q={new string('x', 60_000)}", Ct);
        Assert.True((int)huge.StatusCode is >= 400 and < 500, $"{(int)huge.StatusCode}");
        foreach (var odd in new[] { "%", "_", "'; drop table incidents; --", "\\", "\"", "[a-z]*", "　", "🔥" })
        {
            using var response = await duty.GetAsync($"/api/v1/incidents?q={Uri.EscapeDataString(odd)}", Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{odd}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_timeline_holds_reports_signatures_forwards_instructions_deadlines_and_attachments_in_time_order_and_only_for_its_scope()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var reported = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{reported.Id}/sign", new { assessment = "已核实" })).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{reported.Id}/forward", new { assessment = "需自治区协调" })).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Created, (await county.PostJsonAsync($"/api/v1/incidents/{reported.Id}/reports", FollowUp("搜救继续。"))).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Created, (await prefecture.PostJsonAsync($"/api/v1/incidents/{reported.Id}/instructions",
            new { kind = "Proposal", text = "拟请昆都仑区政府组织救援。", toUnitIds = new[] { await CountyDutyRoomAsync() } })).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        using (var form = AttachmentTests.Form("现场.png", AttachmentTests.Png(11), "image/png"))
        {
            Assert.Equal(HttpStatusCode.Created, (await county.PostAsync($"/api/v1/incidents/{reported.Id}/attachments", form, Ct)).StatusCode);
        }

        using var response = await prefecture.GetAsync($"/api/v1/incidents/{reported.Id}/timeline", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timeline = await response.ReadAsync<List<TimelineEvent>>();
        Assert.Equal(timeline.OrderBy(i => i.At).Select(i => i.At), timeline.Select(i => i.At));
        var kinds = timeline.Where(i => i.Kind is not (TimelineKind.Obligation or TimelineKind.Notification)).Select(i => i.Kind).ToList();
        Assert.Equal(
            [TimelineKind.Report, TimelineKind.Submission, TimelineKind.Signature, TimelineKind.Submission, TimelineKind.Forward, TimelineKind.Report, TimelineKind.Instruction, TimelineKind.Attachment],
            kinds);
        Assert.Contains(timeline, i => i.Kind == TimelineKind.Obligation && i.DueAt is not null);
        var report = timeline.First(i => i.Kind == TimelineKind.Report);
        Assert.Equal(ReportKind.First, report.ReportKind);
        Assert.Equal("昆都仑区人民政府总值班室", report.Unit);
        Assert.DoesNotContain("duty.150203", report.By, StringComparison.Ordinal);
        Assert.Equal("现场.png", timeline.Single(i => i.Kind == TimelineKind.Attachment).Text);
        Assert.Equal("拟请昆都仑区政府组织救援。", timeline.Single(i => i.Kind == TimelineKind.Instruction).Text);

        // Scoped like the incident: the neighbouring county and another prefecture get 404, as for the incident itself.
        foreach (var outsider in new[] { "duty.150204", "duty.150100" })
        {
            using var theirs = await (await Beacon.SignInAsync(outsider)).GetAsync($"/api/v1/incidents/{reported.Id}/timeline", Ct);
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
            Assert.Equal(IncidentErrors.NotFound, await theirs.CodeAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/v1/incidents/{Guid.NewGuid()}/timeline", Ct)).StatusCode);
    }

    private async Task<Guid> CountyDutyRoomAsync()
    {
        await using var db = Beacon.Db();
        return await db.Units.Where(u => u.Jurisdiction!.Code == "150203" && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
    }

    private static object FollowUp(string narrative) => new
    {
        kind = "FollowUp",
        severity = "III",
        isSensitive = false,
        deaths = 1,
        injured = 3,
        directLossTenThousandYuan = 150m,
        narrative,
        signer = "王主任",
    };

    private static async Task<List<IDictionary<string, object?>>> SheetAsync(HttpResponseMessage response)
    {
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        return [.. stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()];
    }

    private sealed record Seeded(DateTimeOffset Start, string EventType, List<Guid> OverdueNow, List<Guid> OverdueLater);

    /// <summary>
    /// 3,000 incidents of Kundulun written straight into the database (once per database), ten to a minute, every level,
    /// a third closed; every 10th has a written-report deadline of Kundulun: unmet and past now, unmet and due in half an
    /// hour, or met late (never overdue).
    /// </summary>
    private async Task<Seeded> SeedAsync()
    {
        await using var db = Beacon.Db();
        var county = await db.Jurisdictions.SingleAsync(j => j.Code == "150203", Ct);
        var eventType = await db.Set<EventType>().OrderBy(t => t.Code).Select(t => t.Code).FirstAsync(Ct);
        var first = await db.Set<Incident>().Where(i => i.Number.StartsWith(Prefix)).OrderBy(i => i.LearnedAt).Select(i => (DateTimeOffset?)i.LearnedAt).FirstOrDefaultAsync(Ct);
        if (first is { } existing)
        {
            var ids = await db.Set<Incident>().Where(i => i.Number.StartsWith(Prefix) && i.Severity == Severity.II).Select(i => new { i.Id, i.Number }).ToListAsync(Ct);
            var byIndex = ids.ToDictionary(i => int.Parse(i.Number[Prefix.Length..], System.Globalization.CultureInfo.InvariantCulture), i => i.Id);
            return new Seeded(existing, eventType, [.. byIndex.Where(p => p.Key % 30 == 2).Select(p => p.Value)], [.. byIndex.Where(p => p.Key % 30 == 12).Select(p => p.Value)]);
        }

        var unit = await db.Units.Where(u => u.JurisdictionId == county.Id && u.Kind == UnitKind.DutyRoom).Select(u => u.Id).FirstAsync(Ct);
        var now = Beacon.Clock.GetUtcNow();
        var start = now.AddDays(-30);
        start = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var rows = Enumerable.Range(0, Count).Select(i => new Incident
        {
            Number = Prefix + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            OriginUnitId = unit,
            OriginJurisdictionId = county.Id,
            LocationJurisdictionId = county.Id,
            Title = $"台账检索测试事件 {i}",
            EventTypeCode = eventType,
            Severity = (Severity)(i % 5),
            OccurredAt = start.AddMinutes(i / 10),
            LearnedAt = start.AddMinutes(i / 10),
            CreatedAt = start.AddMinutes(i / 10),
            Narrative = "台账检索测试",
            Status = i % 3 == 0 ? IncidentStatus.Closed : IncidentStatus.Open,
            ReportCount = 1,
        }).ToList();
        db.Set<Incident>().AddRange(rows);
        var rule = Guid.CreateVersion7();
        var overdueNow = new List<Guid>();
        var overdueLater = new List<Guid>();
        for (var i = 2; i < Count; i += 10)
        {
            // i % 5 == 2: every one of them is level Ⅱ.
            var incident = rows[i];
            var (due, met) = (i % 30) switch
            {
                2 => (now.AddMinutes(-30 - i), (DateTimeOffset?)null),
                12 => (now.AddMinutes(30).AddSeconds(i / 10), null),
                _ => (now.AddHours(-5), now.AddHours(-4)),
            };
            db.Set<ReportingObligation>().Add(new ReportingObligation
            {
                IncidentId = incident.Id,
                UnitId = unit,
                JurisdictionId = county.Id,
                RuleId = rule,
                RuleName = "台账测试规则",
                Channel = ReportChannel.Written,
                Kind = ReportKind.First,
                Sequence = 1,
                ReportTo = "包头市",
                StartsAt = due.AddHours(-1),
                DueAt = due,
                MetAt = met,
            });
            if (met is null)
            {
                (i % 30 == 2 ? overdueNow : overdueLater).Add(incident.Id);
            }
        }

        await db.SaveChangesAsync(Ct);
        return new Seeded(start, eventType, overdueNow, overdueLater);
    }
}

public sealed class RegisterSearchTestsOnSqlite(SqliteBeacon beacon) : RegisterSearchTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class RegisterSearchTestsOnPostgres(PostgresBeacon beacon) : RegisterSearchTests(beacon), IClassFixture<PostgresBeacon>;
