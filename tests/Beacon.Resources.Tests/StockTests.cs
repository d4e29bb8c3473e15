using System.Net;
using Beacon.Testing;
using CsCheck;
using Xunit;
using static Beacon.Resources.Tests.ResourceScenarios;

namespace Beacon.Resources.Tests;

/// <summary>Issue 17, acceptance 1: stock movements never drive stock negative nor lose a movement; the ledger sums to the balance.</summary>
public abstract class StockTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Sixteen_concurrent_writers_on_one_batch_never_go_negative_and_the_ledger_sums_to_the_balance()
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var warehouse = await RegisterAsync(duty, Resource("Warehouse", "并发测试储备库", 40.62, 109.95));
        var item = await ItemAsync(Beacon, "0401-001");
        var first = await ReceiveAsync(duty, warehouse.Id, item, "CONC-1", 100);

        // 16 writers, each 10 outs of 1 and 2 receipts of 1: 160 outs against 100 + 32 in stock; some outs must be refused.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async w =>
        {
            var (ok, refused) = (0, 0);
            for (var i = 0; i < 12; i++)
            {
                var isIn = i % 6 == 5;
                var response = isIn
                    ? await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "CONC-1", quantity = 1 })
                    : await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "Out", batchId = first.BatchId, quantity = 1 });
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    ok += isIn ? 0 : 1;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                    Assert.Equal(ResourceErrors.StockShort, await response.CodeAsync());
                    refused++;
                }
            }

            return (ok, refused);
        }));

        var (quantity, reserved, ledger) = await BalanceAsync(Beacon, first.BatchId);
        var outs = outcomes.Sum(o => o.ok);
        Assert.True(quantity >= 0);
        Assert.Equal(0, reserved);
        Assert.Equal(ledger, quantity);
        Assert.Equal(100 + 32 - outs, quantity);
        Assert.Equal(160, outs + outcomes.Sum(o => o.refused));
        Assert.True(outs >= 100, $"only {outs} outs succeeded with stock left");
    }

    [Fact]
    public async Task Random_movement_sequences_keep_the_balance_non_negative_and_equal_to_the_ledger()
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var warehouse = await RegisterAsync(duty, Resource("Warehouse", "性质测试储备库", 40.62, 109.95));
        var item = await ItemAsync(Beacon, "0402-001");

        // Each case: a start quantity and a sequence of signed changes (an out when negative, an adjustment when it is a multiple of 7).
        var cases = new List<(int Start, int[] Steps)>();
        Gen.Select(Gen.Int[0, 20], Gen.Int[-15, 15].Where(x => x != 0).Array[1, 12]).Sample(c => cases.Add(c), iter: 12, threads: 1);
        var n = 0;
        foreach (var (start, steps) in cases)
        {
            var batchNo = $"PROP-{n++}";
            var batch = (await ReceiveAsync(duty, warehouse.Id, item, batchNo, Math.Max(start, 1))).BatchId;
            long model = Math.Max(start, 1);
            foreach (var step in steps)
            {
                var adjustment = step % 7 == 0;
                var response = step > 0 && !adjustment
                    ? await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo, quantity = step })
                    : adjustment
                        ? await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "Adjustment", batchId = batch, quantity = step })
                        : await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "Out", batchId = batch, quantity = -step });
                var allowed = model + step >= 0;
                Assert.Equal(allowed ? HttpStatusCode.Created : HttpStatusCode.Conflict, response.StatusCode);
                model += allowed ? step : 0;
            }

            var (quantity, _, ledger) = await BalanceAsync(Beacon, batch);
            Assert.Equal(model, quantity);
            Assert.Equal(ledger, quantity);
            Assert.True(quantity >= 0);
        }
    }

    [Fact]
    public async Task A_bad_movement_is_refused_with_its_field_and_code_and_stores_nothing()
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var warehouse = await RegisterAsync(duty, Resource("Warehouse", "校验测试储备库", 40.62, 109.95));
        var item = await ItemAsync(Beacon, "0401-001");
        var noBatch = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, quantity = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, noBatch.StatusCode);
        Assert.Contains(ResourceErrors.BatchNo, await noBatch.FieldCodesAsync("batchNo"));
        var negative = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "X", quantity = -5 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains(ResourceErrors.Quantity, await negative.FieldCodesAsync("quantity"));
        // A quantity beyond the range (and beyond 32 bits) is a coded 400 on its field, not an overflow.
        var huge = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "X", quantity = 99_999_999_999_999L });
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.NotEmpty(await huge.FieldCodesAsync("quantity"));
        var stock = await (await duty.GetAsync($"/api/v1/warehouses/{warehouse.Id}/stock", Ct)).ReadAsync<Stock.StockView>();
        Assert.Empty(stock.Batches);

        var county = await Beacon.SignInAsync("duty.150203");
        var outOfScope = await county.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "X", quantity = 5 });
        Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);

        // The one-read path (a receipt into an existing batch, an out of a batch) refuses the same way as the step-by-step one.
        var received = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "X", quantity = 5 });
        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        var batchId = (await received.ReadAsync<Stock.MovementView>()).BatchId;
        Assert.Equal(HttpStatusCode.NotFound,
            (await county.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "In", itemId = item, batchNo = "X", quantity = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await county.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "Out", batchId, quantity = 1 })).StatusCode);
        var other = await RegisterAsync(duty, Resource("Warehouse", "校验测试第二储备库", 40.63, 109.96));
        var wrongWarehouse = await duty.PostJsonAsync($"/api/v1/warehouses/{other.Id}/movements", new { kind = "Out", batchId, quantity = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, wrongWarehouse.StatusCode);
        Assert.Contains(ResourceErrors.Batch, await wrongWarehouse.FieldCodesAsync("batchId"));
        var tooMany = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements", new { kind = "Out", batchId, quantity = 6 });
        Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
        var misdated = await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse.Id}/movements",
            new { kind = "In", itemId = item, batchNo = "X", quantity = 1, producedOn = "2026-06-01", expiresOn = "2026-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, misdated.StatusCode);
        stock = await (await duty.GetAsync($"/api/v1/warehouses/{warehouse.Id}/stock", Ct)).ReadAsync<Stock.StockView>();
        Assert.Equal(5, Assert.Single(stock.Batches).Quantity);
    }
}

public sealed class StockTestsOnSqlite(SqliteBeacon beacon) : StockTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class StockTestsOnPostgres(PostgresBeacon beacon) : StockTests(beacon), IClassFixture<PostgresBeacon>;
