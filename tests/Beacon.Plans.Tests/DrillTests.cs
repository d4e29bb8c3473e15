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
    public async Task A_drill_inject_never_counts_in_real_statistics_timeliness_or_the_public_warning_feed()
    {
        var (drill, _, participant) = await PlanDoubleBlindAsync();
        var before = await (await participant.GetAsync("/api/v1/duty/counters", Ct)).ReadAsync<Incidents.Incidents.DutyCounters>();
        Beacon.Clock.Advance(TimeSpan.FromMinutes(120));
        await Beacon.Services.CreateScope().ServiceProvider.GetRequiredService<InjectDelivery>().DeliverDueAsync(Ct);
        participant = await Beacon.SignInAsync("duty.150203");
        var arrived = await ArrivedAsync(participant, drill.Injects[0].Title);
        Assert.Equal(HttpStatusCode.OK, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/sign", new { assessment = "演练" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await participant.PostJsonAsync($"/api/v1/incidents/{arrived.IncidentId}/reports",
            new { kind = "FollowUp", severity = "II", narrative = "演练：伤亡扩大。", signer = "值班员", deaths = 12 })).StatusCode);

        var after = await (await participant.GetAsync("/api/v1/duty/counters", Ct)).ReadAsync<Incidents.Incidents.DutyCounters>();
        Assert.Equal(before, after);
        await using (var db = Beacon.Db())
        {
            Assert.False(await db.Set<Incidents.Deadlines.ReportingObligation>().AnyAsync(o => o.IncidentId == arrived.IncidentId, Ct));
            Assert.True(await db.Set<Incidents.Incidents.Incident>().Where(i => i.Id == arrived.IncidentId).Select(i => i.IsDrill).SingleAsync(Ct));
        }

        var timeliness = await (await participant.GetAsync("/api/v1/statistics/timeliness", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(arrived.Number, timeliness, StringComparison.Ordinal);
        var feed = await (await Beacon.Anonymous().GetAsync("/public/warnings.atom", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("演练", feed, StringComparison.Ordinal);

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
