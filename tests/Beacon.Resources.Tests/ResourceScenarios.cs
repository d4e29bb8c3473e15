using System.Net;
using Beacon.Resources.Registry;
using Beacon.Resources.Stock;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Resources.Tests;

/// <summary>Arranging helpers shared by the scenario classes.</summary>
internal static class ResourceScenarios
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object Resource(string kind, string name, double lat, double lon, string? jurisdiction = null, bool shared = false, string[]? specialities = null) => new
    {
        kind,
        name,
        ownerUnit = "包头市应急管理局",
        latitude = lat,
        longitude = lon,
        isShared = shared,
        specialities = specialities ?? [],
        phone = "0472-5111119",
        jurisdictionCode = jurisdiction,
    };

    public static async Task<ResourceView> RegisterAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync("/api/v1/resources", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ResourceView>();
    }

    public static async Task<Guid> ItemAsync(BeaconFactory beacon, string code)
    {
        await using var db = beacon.Db();
        return await db.Set<SupplyItem>().Where(i => i.Code == code).Select(i => i.Id).SingleAsync(Ct);
    }

    public static async Task<MovementView> ReceiveAsync(HttpClient client, Guid warehouse, Guid item, string batchNo, long quantity)
    {
        var response = await client.PostJsonAsync($"/api/v1/warehouses/{warehouse}/movements", new { kind = "In", itemId = item, batchNo, quantity });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<MovementView>();
    }

    public static async Task<(long Quantity, long Reserved, long Ledger)> BalanceAsync(BeaconFactory beacon, Guid batchId)
    {
        await using var db = beacon.Db();
        var batch = await db.Set<StockBatch>().AsNoTracking().SingleAsync(b => b.Id == batchId, Ct);
        var ledger = await db.Set<StockMovement>().Where(m => m.BatchId == batchId).SumAsync(m => m.Delta, Ct);
        return (batch.Quantity, batch.Reserved, ledger);
    }
}
