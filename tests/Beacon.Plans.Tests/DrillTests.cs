using System.Diagnostics;
using System.Net;
using Beacon.Incidents.Contracts;
using Beacon.Plans.Drills;
using Beacon.Platform.Accounts;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Scope;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Xunit;

namespace Beacon.Plans.Tests;

/// <summary>Issue 16, acceptance 2 and 3: double-blind drills, injects into the real duty board, the timing sheet, and drills out of real statistics.</summary>
public abstract class DrillTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string Scenario = "某化工园区储罐区发生泄漏并引发火灾（双盲情景甲）";
    private const string InjectText = "接群众电话：化工园区东侧储罐冒出浓烟（双盲注入乙）";

    [Fact]
    public async Task Double_blind_participants_see_nothing_before_the_inject_which_arrives_on_their_board_on_time_and_their_times_reach_the_timing_sheet()
    {
        var (drill, _, participant) = await PlanDoubleBlindAsync();

        // Before the inject: no endpoint the participant can call tells the time or the scenario.
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"/api/v1/drills/{drill.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await participant.GetAsync($"/api/v1/drills/{drill.Id}/timing", Ct)).StatusCode);
        foreach (var endpoint in ApiEndpoints.All(Beacon.Services).Where(e => e.Method == "GET" && !e.Pattern.Contains('{', StringComparison.Ordinal)))
        {
            var text = await (await participant.GetAsync(endpoint.Pattern, Ct)).Content.ReadAsStringAsync(Ct);
            Assert.False(text.Contains(drill.Id.ToString(), StringComparison.Ordinal) || text.Contains(drill.Scenario, StringComparison.Ordinal)
                || text.Contains(drill.Injects[0].Text, StringComparison.Ordinal), $"{endpoint} leaked the drill: {text}");
        }

        var delivery = Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>();
        Beacon.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(0, await delivery.DeliverDueAsync(Ct));
        // (Sign-ins expire on the fake clock too: each step signs in afresh.)
        participant = await Beacon.SignInAsync("duty.150203");
        Assert.DoesNotContain(await InboxAsync(participant), i => i.Title.Contains(drill.Injects[0].Title, StringComparison.Ordinal));

        Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
        await delivery.DeliverDueAsync(Ct);
        participant = await Beacon.SignInAsync("duty.150203");
        var arrived = await ArrivedAsync(participant, drill.Injects[0].Title);
        Assert.StartsWith("【演练】", arrived.Title, StringComparison.Ordinal);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/sign", new { assessment = "已核实，按演练处置" })).StatusCode);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(9));
        var report = await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/reports",
            new { kind = "FollowUp", severity = "III", narrative = "演练：已调派消防力量，现场无人员伤亡。", signer = "值班员" });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        var organiser = await Beacon.SignInAsync("liaison.150203");
        var sheet = await (await organiser.GetAsync($"/api/v1/drills/{drill.Id}/timing", Ct)).ReadAsync<TimingSheet>();
        var row = Assert.Single(sheet.Rows);
        Assert.Equal(arrived.IncidentId, row.IncidentId);
        Assert.Equal(3, row.SignMinutes);
        Assert.True(row.SignedInTime);
        Assert.Equal(12, row.ReportMinutes);
        Assert.True(row.ReportedInTime);
        Assert.False(string.IsNullOrEmpty(row.SignedByName));

        // Once every inject has arrived, the drill is no secret any more.
        Assert.Equal(HttpStatusCode.OK, (await participant.GetAsync($"/api/v1/drills/{drill.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_drill_inject_and_its_follow_ups_leave_the_register_export_statistics_timeliness_workbench_counts_and_public_feed_unchanged()
    {
        var (drill, _, participant) = await PlanDoubleBlindAsync();
        // Just before the inject is due: the figures as they stand (the clock then moves one minute, the inject arrives).
        Beacon.Clock.Advance(TimeSpan.FromMinutes(119));
        participant = await Beacon.SignInAsync("duty.150203");
        var city = await Beacon.SignInAsync("duty.150200");
        var before = await FiguresAsync(participant, city);

        var events = new List<Incidents.DutyBoard.IncidentEvent>();
        var mapSignals = new List<Guid>();
        var incidentEvents = Beacon.Services.GetRequiredService<Incidents.DutyBoard.IncidentEvents>();
        var mapSignal = Beacon.Services.GetRequiredService<Maps.Layers.MapSignal>();
        void OnEvent(Incidents.DutyBoard.IncidentEvent e)
        {
            lock (events)
            {
                events.Add(e);
            }
        }

        void OnMap(IReadOnlyCollection<Guid> jurisdictions)
        {
            lock (mapSignals)
            {
                mapSignals.AddRange(jurisdictions);
            }
        }

        incidentEvents.Raised += OnEvent;
        mapSignal.Changed += OnMap;
        Incidents.Escalation.Inbox.InboxItem arrived;
        try
        {
            Beacon.Clock.Advance(TimeSpan.FromMinutes(1));
            await Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(Ct);
            arrived = await ArrivedAsync(participant, drill.Injects[0].Title);
            Assert.Equal(HttpStatusCode.OK, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/sign", new { assessment = "演练" })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/forward", new { assessment = "演练：转报市总值班室" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/reports",
                new { kind = "FollowUp", severity = "II", narrative = "演练：伤亡扩大。", signer = "值班员", deaths = 12, injured = 60 })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/reports",
                new { kind = "Final", severity = "II", narrative = "演练：处置完毕。", signer = "值班员", deaths = 12, injured = 60 })).StatusCode);
        }
        finally
        {
            incidentEvents.Raised -= OnEvent;
            mapSignal.Changed -= OnMap;
        }

        // Every event of the drill incident says it is a drill, and none became an integration event (the map heard nothing).
        var drillEvents = events.Where(e => e.IncidentId == arrived.IncidentId).ToList();
        Assert.Contains(drillEvents, e => e.Kind == Incidents.DutyBoard.IncidentEventKind.ReportAdded);
        Assert.All(drillEvents, e => Assert.True(e.IsDrill, $"{e.Kind} of the drill incident was not marked as a drill"));
        Assert.Empty(mapSignals);

        // Register, its export, timeliness, the duty counters (the workbench's figures), the city's too, and the public feed: unchanged.
        var after = await FiguresAsync(participant, city);
        Assert.Equal(before.Register, after.Register);
        Assert.Equal(before.Export, after.Export);
        Assert.Equal(before.Timeliness, after.Timeliness);
        Assert.Equal(before.Counters, after.Counters);
        Assert.Equal(before.CityRegister, after.CityRegister);
        Assert.Equal(before.CityCounters, after.CityCounters);
        Assert.Equal(before.Feed, after.Feed);
        Assert.DoesNotContain(arrived.Number, after.Timeliness, StringComparison.Ordinal);

        // The drill incident is listed only in the drills' own view of the register, marked as a drill.
        var drills = await participant.GetAllPagesAsync<Incidents.Incidents.GetIncident.IncidentSummary>("/api/v1/incidents?drills=Only", Ct);
        var listed = Assert.Single(drills, i => i.Id == arrived.IncidentId);
        Assert.True(listed.IsDrill);
        Assert.All(drills, i => Assert.True(i.IsDrill));
        await using (var db = Beacon.Db())
        {
            Assert.False(await db.Set<Incidents.Deadlines.ReportingObligation>().AnyAsync(o => o.IncidentId == arrived.IncidentId, Ct));
            Assert.True(await db.Set<Incidents.Incidents.Incident>().Where(i => i.Id == arrived.IncidentId).Select(i => i.IsDrill).SingleAsync(Ct));
        }

        // Statistics read incidents through the contract's lists, which never hold a drill; finding it by id says it is one.
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using (var db = Beacon.Db())
        {
            var region = await db.Jurisdictions.Where(j => j.Code == "150000").Select(j => j.Id).SingleAsync(Ct);
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(new Actor(null, "statistics", null, region, null, [Roles.Viewer]));
        }

        var queries = scope.ServiceProvider.GetRequiredService<IIncidentQueries>();
        Assert.DoesNotContain(await queries.ListAsync(new IncidentQuery(Take: 1000), Ct), i => i.Id == arrived.IncidentId);
        Assert.True((await queries.FindAsync(arrived.IncidentId, Ct))!.IsDrill);
    }

    private sealed record Figures(string Register, string Export, string Timeliness, string Counters, string CityRegister, string CityCounters, string Feed);

    /// <summary>What real statistics show: the register (all pages), its Excel export, timeliness, the duty counters and the public feed's entries.</summary>
    private async Task<Figures> FiguresAsync(HttpClient county, HttpClient city)
    {
        async Task<string> RegisterAsync(HttpClient client) =>
            string.Join(",", (await client.GetAllPagesAsync<Incidents.Incidents.GetIncident.IncidentSummary>("/api/v1/incidents", Ct))
                .Select(i => $"{i.Number}/{i.Status}/{i.ReportCount}/{i.Casualties.Deaths}"));
        async Task<string> CountersAsync(HttpClient client) =>
            (await (await client.GetAsync("/api/v1/duty/counters", Ct)).ReadAsync<Incidents.Incidents.DutyCounters>()).ToString();
        var xlsx = await county.GetByteArrayAsync("/api/v1/incidents/export.xlsx", Ct);
        using var stream = new MemoryStream(xlsx);
        var export = string.Join("\n", stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>()
            .Select(r => string.Join("|", r.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))));
        var timeliness = await (await county.GetAsync("/api/v1/statistics/timeliness", Ct)).Content.ReadAsStringAsync(Ct)
            + await (await city.GetAsync("/api/v1/statistics/timeliness", Ct)).Content.ReadAsStringAsync(Ct);
        var feed = System.Xml.Linq.XDocument.Parse(await (await Beacon.Anonymous().GetAsync("/public/warnings.atom", Ct)).Content.ReadAsStringAsync(Ct));
        var entries = string.Join(",", feed.Descendants().Where(e => e.Name.LocalName == "entry").Select(e => e.ToString()));
        return new Figures(await RegisterAsync(county), export, timeliness, await CountersAsync(county), await RegisterAsync(city), await CountersAsync(city), entries);
    }

    [Theory]
    [InlineData("participants", "participantUnitIds", PlansErrors.DrillParticipantsRequired)]
    [InlineData("injects", "injects", PlansErrors.DrillInjectsRequired)]
    [InlineData("inject-time", "injects[0].at", PlansErrors.DrillInjectTime)]
    public async Task A_bad_drill_gets_400_naming_the_problem_and_nothing_is_stored(string problem, string field, string code)
    {
        var organiser = await Beacon.SignInAsync("liaison.150203");
        var room = (await organiser.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var now = Beacon.Clock.GetUtcNow();
        var title = $"错误演练（{problem}）";
        var response = await organiser.PostJsonAsync("/api/v1/drills", new
        {
            title,
            type = "DoubleBlind",
            participantUnitIds = problem == "participants" ? Array.Empty<Guid>() : [room],
            scenario = Scenario,
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = problem == "injects" ? Array.Empty<object>() : [new { title = "储罐泄漏", eventTypeCode = "12A03", text = InjectText, at = problem == "inject-time" ? now.AddHours(5) : now.AddHours(2) }],
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(code, await response.FieldCodesAsync(field));
        await using var db = Beacon.Db();
        Assert.False(await db.Set<Drill>().AnyAsync(d => d.Title == title, Ct));
    }

    private async Task<(DrillView Drill, HttpClient Organiser, HttpClient Participant)> PlanDoubleBlindAsync()
    {
        // The organiser is a department of the same county: the participant's duty room is in its scope, yet kept blind.
        var organiser = await Beacon.SignInAsync("liaison.150203");
        var participant = await Beacon.SignInAsync("duty.150203");
        var token = Guid.NewGuid().ToString("N")[..8];
        var room = (await (await participant.GetAsync("/api/v1/me", Ct)).ReadAsync<MeView>()).UnitId!.Value;
        var now = Beacon.Clock.GetUtcNow();
        var created = await organiser.PostJsonAsync("/api/v1/drills", new
        {
            title = "昆都仑区危化品事故无脚本双盲演练",
            type = "DoubleBlind",
            participantUnitIds = new[] { room },
            scenario = $"{Scenario}{token}",
            startsAt = now.AddHours(1),
            endsAt = now.AddHours(3),
            injects = new[] { new { title = $"化工园区储罐区冒烟{token}", eventTypeCode = "12A03", text = $"{InjectText}{token}", at = now.AddHours(2) } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.ReadAsync<DrillView>(), organiser, participant);
    }

    private static Task<List<Incidents.Escalation.Inbox.InboxItem>> InboxAsync(HttpClient client) =>
        client.GetAllPagesAsync<Incidents.Escalation.Inbox.InboxItem>("/api/v1/inbox?pending=true", Ct);

    /// <summary>The inject on the participant's board; delivery may have been taken by the scheduler's own tick, so it is awaited.</summary>
    private static async Task<Incidents.Escalation.Inbox.InboxItem> ArrivedAsync(HttpClient participant, string title)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var item = (await InboxAsync(participant)).FirstOrDefault(i => i.Title.Contains(title, StringComparison.Ordinal));
            if (item is not null || watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.NotNull(item);
                return item;
            }

            await Task.Delay(100, Ct);
        }
    }
}

public sealed class DrillTestsOnSqlite(SqliteBeacon beacon) : DrillTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DrillTestsOnPostgres(PostgresBeacon beacon) : DrillTests(beacon), IClassFixture<PostgresBeacon>;
