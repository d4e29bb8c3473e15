using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Beacon.Risks.Tests;

/// <summary>Beacon on SQLite with the risks due-check left to the tests (they run it on the fake clock).</summary>
public sealed class RisksSqliteBeacon() : RisksBeaconBase(Provider.Sqlite);

/// <summary>Beacon on PostgreSQL with the risks due-check left to the tests.</summary>
public sealed class RisksPostgresBeacon() : RisksBeaconBase(Provider.Postgres);

public abstract class RisksBeaconBase(Provider provider) : BeaconFactory(provider)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Risks:DueScanSeconds", "0");
    }
}

internal static class RisksApi
{
    /// <summary>The duty room of a jurisdiction, as the prefecture's duty officer sees it.</summary>
    public static async Task<Guid> DutyRoomAsync(HttpClient client, string code)
    {
        var units = await client.GetAllPagesAsync<UnitView>($"/api/v1/units?kind=DutyRoom", Xunit.TestContext.Current.CancellationToken);
        return units.Single(u => u.JurisdictionCode == code).Id;
    }
}
