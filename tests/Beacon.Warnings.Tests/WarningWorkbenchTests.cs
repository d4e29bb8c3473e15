using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Platform.Units.ListUnits;
using Beacon.Platform.Workbench;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 12, item 5: a warning submitted for review (待审核) awaits the reviewers of its scope on the workbench, then the
/// signers (待签发), and leaves when done; never the one who wrote or reviewed it, nor a neighbouring county's leader.
/// </summary>
public abstract class WarningWorkbenchTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private const string NeighbourLeader = "leader.workbench.150204";
    private const string NeighbourPassword = "Qingshan-Leader-2026";

    [Fact]
    public async Task A_submitted_warning_awaits_review_then_sign_off_and_leaves_when_published_never_reaching_the_neighbour()
    {
        var neighbour = await NeighbourLeaderAsync();
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区气象台发布暴雨黄色预警（工作台）"))).ReadAsync<WarningView>();
        var key = draft.Id.ToString();
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync("onduty.150203"))), i => i.Key == key);

        var submitted = await StepAsync(duty, draft, "submit", new { });
        var onDuty = await Beacon.SignInAsync("onduty.150203");
        var review = Assert.Single(Items(await WorkbenchAsync(onDuty)), i => i.Key == key);
        Assert.Equal("warning.review", review.Kind);
        Assert.Equal("预警待审核", review.KindTitle);
        Assert.Equal($"warnings/{draft.Id}", review.Href);
        Assert.Contains(Items(await WorkbenchAsync(await Beacon.SignInAsync("leader.150200"))), i => i.Key == key && i.Kind == "warning.review");
        Assert.DoesNotContain(Items(await WorkbenchAsync(duty)), i => i.Key == key);
        Assert.DoesNotContain(Items(await WorkbenchAsync(neighbour)), i => i.Key == key);

        var approved = await StepAsync(onDuty, submitted, "review", new { approve = true });
        Assert.DoesNotContain(Items(await WorkbenchAsync(onDuty)), i => i.Key == key);
        var leader = await Beacon.SignInAsync("leader.150203");
        Assert.Equal("warning.sign-off", Assert.Single(Items(await WorkbenchAsync(leader)), i => i.Key == key).Kind);
        Assert.DoesNotContain(Items(await WorkbenchAsync(neighbour)), i => i.Key == key);

        await StepAsync(leader, approved, "sign-off", new { });
        Assert.DoesNotContain(Items(await WorkbenchAsync(leader)), i => i.Key == key);
        Assert.DoesNotContain(Items(await WorkbenchAsync(await Beacon.SignInAsync("leader.150200"))), i => i.Key == key);
    }

    [Fact]
    public async Task A_leader_who_wrote_a_warning_is_not_asked_to_review_or_sign_it_off()
    {
        var leader = await Beacon.SignInAsync("leader.150203");
        var draft = await (await leader.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区气象台发布暴雨蓝色预警（工作台）", level: "Blue"))).ReadAsync<WarningView>();
        await StepAsync(leader, draft, "submit", new { });

        Assert.DoesNotContain(Items(await WorkbenchAsync(leader)), i => i.Key == draft.Id.ToString());
        Assert.Contains(Items(await WorkbenchAsync(await Beacon.SignInAsync("onduty.150203"))), i => i.Key == draft.Id.ToString());
    }

    private async Task<HttpClient> NeighbourLeaderAsync()
    {
        var admin = await Beacon.SignInAsync("admin.150000");
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150204&kind=DutyRoom", Ct)).Single();
        var created = await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName = NeighbourLeader,
            displayName = "青山区领导",
            unitId = unit.Id,
            roles = new[] { "Leader", "LeaderOnDuty" },
            password = NeighbourPassword,
        });
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await created.Content.ReadAsStringAsync(Ct));
        return await Beacon.SignInAsync(NeighbourLeader, NeighbourPassword);
    }

    private static IEnumerable<WorkItem> Items(WorkbenchView view) => view.Groups.SelectMany(g => g.Items);

    private static async Task<WorkbenchView> WorkbenchAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/workbench", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.ReadAsync<WorkbenchView>();
        Assert.False(view.Incomplete);
        return view;
    }

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }
}

public sealed class WarningWorkbenchTestsOnSqlite(SqliteBeacon beacon) : WarningWorkbenchTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class WarningWorkbenchTestsOnPostgres(PostgresBeacon beacon) : WarningWorkbenchTests(beacon), IClassFixture<PostgresBeacon>;
