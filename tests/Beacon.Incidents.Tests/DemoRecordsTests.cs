using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Incidents.Clues;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// The demo records a newcomer finds after <c>dotnet run</c>: the duty rooms' morning and the warnings, written through the
/// handlers by the demo accounts once Beacon has started, and kept in scope like any real record.
/// </summary>
public abstract class DemoRecordsTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task The_demo_morning_fills_the_duty_pages_and_the_warnings_and_a_neighbour_sees_none_of_it()
    {
        // The story's last step is 包头市's duty log entry: wait for it.
        var prefecture = await Beacon.SignInAsync("duty.150200");
        await WaitForAsync(() => prefecture.GetAllPagesAsync<JsonElement>("/api/v1/duty/log", Ct), l => l.Any(e => e.ToString().Contains("点名", StringComparison.Ordinal)));
        var county = await Beacon.SignInAsync("duty.150203");
        var incidents = await county.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents?status=Open", Ct);
        Assert.Contains(incidents, i => i.Title.Contains("G110", StringComparison.Ordinal) && i.Severity == Incidents.Severity.III);
        var closed = await county.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents?status=Closed", Ct);
        Assert.Contains(closed, i => i.Title.Contains("燃气", StringComparison.Ordinal));

        var verifications = await county.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct);
        Assert.NotEmpty(verifications);
        Assert.NotEmpty(await county.GetAllPagesAsync<ClueView>("/api/v1/clues", Ct));
        Assert.NotEmpty(await county.GetAllPagesAsync<JsonElement>("/api/v1/duty/log", Ct));
        using (var now = JsonDocument.Parse(await county.GetStringAsync("/api/v1/duty/now", Ct)))
        {
            Assert.Contains("王海涛", now.RootElement.ToString(), StringComparison.Ordinal);
        }

        var leader = await Beacon.SignInAsync("leader.150200");
        var warnings = await WaitForAsync(() => leader.GetAllPagesAsync<JsonElement>("/api/v1/warnings", Ct), l => l.Count >= 3);
        Assert.Contains(warnings, w => w.GetProperty("headline").GetString()!.Contains("大风蓝色", StringComparison.Ordinal));

        // 青山区 is 昆都仑区's neighbour: it has its own demo incidents and 核报, and none of the county's reach it.
        var neighbour = await Beacon.SignInAsync("duty.150204");
        var theirs = await neighbour.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents", Ct);
        Assert.NotEmpty(theirs);
        Assert.All(theirs, i => Assert.StartsWith("150204-", i.Number, StringComparison.Ordinal));
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct),
            v => v.Clue.Contains("昆都仑", StringComparison.Ordinal));
        Assert.Empty(await neighbour.GetAllPagesAsync<ClueView>("/api/v1/clues", Ct));
    }

    [Fact]
    public async Task The_demo_history_is_written_with_its_own_dates_so_timeliness_has_on_time_and_late_reports()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        await WaitForAsync(() => prefecture.GetAllPagesAsync<JsonElement>("/api/v1/duty/log", Ct), l => l.Any(e => e.ToString().Contains("点名", StringComparison.Ordinal)));
        var now = Beacon.Clock.GetUtcNow();

        // The crane collapse was learned 12 days ago and closed two days later, as its dates say.
        var closed = await prefecture.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents?status=Closed", Ct);
        var crane = Assert.Single(closed, i => i.Title.Contains("塔吊", StringComparison.Ordinal));
        Assert.InRange(now - crane.LearnedAt, TimeSpan.FromDays(12) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(12) + TimeSpan.FromMinutes(1));

        // Four weeks back: first reports on time and late, a 续报 late, 核报 answered in time and late.
        var from = Uri.EscapeDataString(now.AddDays(-30).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(now.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var rows = await prefecture.GetFromJsonAsync<List<Documents.TimelinessRow>>($"/api/v1/statistics/timeliness?from={from}&to={to}", Ct);
        var county = Assert.Single(rows!, r => r.JurisdictionCode == "150203");
        Assert.True(county.FirstOnTime > 0 && county.FirstLate > 0, $"昆都仑区 first reports: {county}");
        Assert.True(county.FollowUpLate > 0, $"昆都仑区 follow-ups: {county}");
        Assert.True(county.VerificationOnTime > 0, $"昆都仑区 核报: {county}");
        var neighbour = Assert.Single(rows!, r => r.JurisdictionCode == "150204");
        Assert.True(neighbour.FirstLate > 0 && neighbour.VerificationLate > 0, $"青山区: {neighbour}");

        // 昆都仑区's leader has a level Ⅲ report waiting for approval.
        var leader = await Beacon.SignInAsync("leader.150203");
        var open = await leader.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents?status=Open", Ct);
        var tanker = Assert.Single(open, i => i.Title.Contains("槽罐车", StringComparison.Ordinal));
        var approvals = await leader.GetFromJsonAsync<List<Reporting.LeaderApproval.ApprovalView>>($"/api/v1/incidents/{tanker.Id}/approvals", BeaconFactory.Json, Ct);
        Assert.Equal(Reporting.LeaderApproval.ApprovalState.Pending, Assert.Single(approvals!).State);
    }

    private static async Task<List<T>> WaitForAsync<T>(Func<Task<List<T>>> read, Func<List<T>, bool> done)
    {
        // The stories run once Beacon has started, in the background: wait for them (generously, the machine may be busy).
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = await read();
            if (done(list) || waited.Elapsed > TestTimeouts.Expectation)
            {
                return list;
            }

            await Task.Delay(200, Ct);
        }
    }
}

/// <summary>Beacon with the demo stories switched on (the other tests' factories switch them off).</summary>
public abstract class DemoBeacon(Provider provider) : BeaconFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Incidents:DemoRecords", "true");
        builder.UseSetting("Beacon:Warnings:DemoWarnings", "true");
        // The stories write their history on the demo clock, here over the test's fake clock.
        builder.ConfigureTestServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(new Platform.Seeding.DemoClock(Clock));
        });
    }
}

public sealed class DemoSqliteBeacon() : DemoBeacon(Provider.Sqlite);

public sealed class DemoPostgresBeacon() : DemoBeacon(Provider.Postgres);

public sealed class DemoRecordsTestsOnSqlite(DemoSqliteBeacon beacon) : DemoRecordsTests(beacon), IClassFixture<DemoSqliteBeacon>;

public sealed class DemoRecordsTestsOnPostgres(DemoPostgresBeacon beacon) : DemoRecordsTests(beacon), IClassFixture<DemoPostgresBeacon>;
