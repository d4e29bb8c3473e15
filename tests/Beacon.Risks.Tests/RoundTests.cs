using System.Net;
using Beacon.Platform.Workbench;
using Beacon.Risks.Rounds;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>
/// Issue 18, acceptance 2: three counties in a round; one reports on time, one late, one never. The API and the round's
/// page say exactly that, and the reminders went out at the configured time (fake clock, due-check run by the test).
/// </summary>
public abstract class RoundTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task One_county_on_time_one_late_one_never_and_the_two_behind_are_reminded_at_the_reminder_time()
    {
        var city = await Beacon.SignInAsync("duty.150200");
        var opened = Beacon.Clock.GetUtcNow();
        var created = await city.PostJsonAsync("/api/v1/risks/rounds", new
        {
            title = "国庆节前安全生产专项排查",
            kind = "Special",
            kindCodes = new[] { "gas-pipeline", "crowded" },
            jurisdictionCodes = new[] { "150202", "150203", "150204" },
            dueAt = opened.AddDays(3),
            remindAt = opened.AddDays(2),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var round = await created.ReadAsync<RoundView>();
        Assert.Equal(3, round.Pending);

        // 昆都仑区 reports within the hour.
        Beacon.Clock.Advance(TimeSpan.FromHours(1));
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var returned = await kundulun.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new { isNil = true, summary = "排查燃气管道、商场等8处，未发现新的隐患。" });
        Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await kundulun.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new { isNil = true, summary = "再报一次" })).StatusCode);

        // A day later, before the reminder time: nobody is reminded.
        Beacon.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await ScanAsync()).Reminded);
        Assert.All((await GetAsync(await Beacon.SignInAsync("duty.150200"), round.Id)).Targets, t => Assert.Null(t.RemindedAt));

        // Just past the reminder time: the two that have not reported are reminded, once.
        Beacon.Clock.Advance(opened.AddDays(2).AddMinutes(1) - Beacon.Clock.GetUtcNow());
        var remindedAt = Beacon.Clock.GetUtcNow();
        Assert.Equal(2, (await ScanAsync()).Reminded);
        Assert.Equal(0, (await ScanAsync()).Reminded);
        var view = await GetAsync(await Beacon.SignInAsync("duty.150200"), round.Id);
        // PostgreSQL keeps microseconds: the time read back is the scan's to the millisecond.
        Assert.Equal(remindedAt, view.Targets.Single(t => t.JurisdictionCode == "150202").RemindedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(remindedAt, view.Targets.Single(t => t.JurisdictionCode == "150204").RemindedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Null(view.Targets.Single(t => t.JurisdictionCode == "150203").RemindedAt);
        var qingshan = await Beacon.SignInAsync("duty.150204");
        var item = (await (await qingshan.GetAsync("/api/v1/workbench", Ct)).ReadAsync<WorkbenchView>()).Groups
            .Single(g => g.Kind == "risk.round.report").Items.Single(i => i.Href == $"risks/rounds/{round.Id}");
        Assert.Equal(WorkItemUrgency.DueSoon, item.Urgency);

        // Past the deadline 青山区 reports (late); 东河区 never does.
        Beacon.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(2));
        qingshan = await Beacon.SignInAsync("duty.150204");
        var late = await qingshan.PostJsonAsync($"/api/v1/risks/rounds/{round.Id}/returns", new
        {
            isNil = false,
            summary = "排查发现1处问题。",
            findings = new[] { new { kind = "NewHazard", description = "某商场消防通道堵塞" } },
        });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);

        view = await GetAsync(await Beacon.SignInAsync("duty.150200"), round.Id);
        Assert.Equal((1, 1, 1, 0), (view.OnTime, view.Late, view.Missing, view.Pending));
        Assert.Equal(ReturnStatus.OnTime, view.Targets.Single(t => t.JurisdictionCode == "150203").Status);
        Assert.Equal(ReturnStatus.Late, view.Targets.Single(t => t.JurisdictionCode == "150204").Status);
        Assert.Equal(ReturnStatus.Missing, view.Targets.Single(t => t.JurisdictionCode == "150202").Status);

        // The round's page says the same (server-rendered).
        var html = await (await Beacon.SignInAsync("duty.150200")).GetStringAsync($"/risks/rounds/{round.Id}", Ct);
        Assert.Contains("data-testid=\"round-ontime\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"round-late\">1<", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"round-missing\">1<", html, StringComparison.Ordinal);
        Assert.Contains("risks-status-Missing", html, StringComparison.Ordinal);

        // A county sees only its own return.
        var own = await GetAsync(qingshan, round.Id);
        Assert.Equal("150204", Assert.Single(own.Targets).JurisdictionCode);
    }

    private async Task<DueCheckResult> ScanAsync()
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RisksDueCheck>().ScanAsync(Ct);
    }

    private static async Task<RoundView> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/v1/risks/rounds/{id}", Ct)).ReadAsync<RoundView>();
}

public sealed class RoundTestsOnSqlite(RisksSqliteBeacon beacon) : RoundTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class RoundTestsOnPostgres(RisksPostgresBeacon beacon) : RoundTests(beacon), IClassFixture<RisksPostgresBeacon>;
