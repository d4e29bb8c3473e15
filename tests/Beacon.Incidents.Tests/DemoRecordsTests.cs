using System.Text.Json;
using Beacon.Incidents.Clues;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Verification.RequestVerification;
using Beacon.Testing;
using Microsoft.AspNetCore.Hosting;
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

        // 青山区 is 昆都仑区's neighbour: none of the county's demo incidents, 核报 or clues reach it.
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Empty(await neighbour.GetAllPagesAsync<IncidentSummary>("/api/v1/incidents", Ct));
        Assert.Empty(await neighbour.GetAllPagesAsync<VerificationView>("/api/v1/verification-requests", Ct));
        Assert.Empty(await neighbour.GetAllPagesAsync<ClueView>("/api/v1/clues", Ct));
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
    }
}

public sealed class DemoSqliteBeacon() : DemoBeacon(Provider.Sqlite);

public sealed class DemoPostgresBeacon() : DemoBeacon(Provider.Postgres);

public sealed class DemoRecordsTestsOnSqlite(DemoSqliteBeacon beacon) : DemoRecordsTests(beacon), IClassFixture<DemoSqliteBeacon>;

public sealed class DemoRecordsTestsOnPostgres(DemoPostgresBeacon beacon) : DemoRecordsTests(beacon), IClassFixture<DemoPostgresBeacon>;
