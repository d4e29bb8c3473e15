using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Resources.Allocation;
using Beacon.Resources.Stock;
using Beacon.Testing;
using Xunit;
using static Beacon.Resources.Tests.ResourceScenarios;

namespace Beacon.Resources.Tests;

/// <summary>Issue 17, acceptance 2: allocation from a prefecture warehouse to a county incident, reserve then move; rejection releases.</summary>
public abstract class AllocationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task An_allocation_from_a_prefecture_warehouse_to_a_county_incident_is_approved_dispatched_and_received_reserving_then_moving_stock()
    {
        var (warehouse, batch, item, incident) = await ArrangeAsync("调拨测试储备库A");
        var county = await Beacon.SignInAsync("duty.150203");
        var requested = await county.PostJsonAsync("/api/v1/allocations", new
        {
            warehouseId = warehouse,
            incidentId = incident,
            purpose = "转移安置受灾群众",
            deliverTo = "昆都仑区钢铁大街安置点",
            lines = new[] { new { itemId = item, quantity = 80 } },
        });
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync(Ct));
        var request = await requested.ReadAsync<AllocationView>();
        Assert.Equal(AllocationStatus.Requested, request.Status);
        Assert.Equal(incident, request.IncidentId);
        Assert.Equal("包头市", request.Approver);

        // The county cannot approve its own request: the prefecture (the warehouse's level, above the county) does.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Beacon.SignInAsync("leader.150203")).PostJsonAsync($"/api/v1/allocations/{request.Id}/approve", new { })).StatusCode);
        var leader = await Beacon.SignInAsync("leader.150200");
        var approved = await leader.PostJsonAsync($"/api/v1/allocations/{request.Id}/approve", new { lines = new[] { new { itemId = item, quantity = 60 } }, note = "先调60顶" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
        Assert.Equal(60, (await approved.ReadAsync<AllocationView>()).Lines.Single().Approved);
        Assert.Equal((100L, 60L, 100L), await BalanceAsync(Beacon, batch));

        // Reserved stock is not free: an out of 50 is refused, one of 40 passes.
        var duty = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.Conflict, (await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse}/movements", new { kind = "Out", batchId = batch, quantity = 50 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await duty.PostJsonAsync($"/api/v1/warehouses/{warehouse}/movements", new { kind = "Out", batchId = batch, quantity = 40 })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await county.PostJsonAsync($"/api/v1/allocations/{request.Id}/receive", new { })).StatusCode);
        var dispatched = await duty.PostAsync($"/api/v1/allocations/{request.Id}/dispatch", null, Ct);
        Assert.True(dispatched.StatusCode == HttpStatusCode.OK, await dispatched.Content.ReadAsStringAsync(Ct));
        Assert.Equal((0L, 0L, 0L), await BalanceAsync(Beacon, batch));

        var received = await county.PostJsonAsync($"/api/v1/allocations/{request.Id}/receive", new { });
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        var done = await received.ReadAsync<AllocationView>();
        Assert.Equal(AllocationStatus.Received, done.Status);
        Assert.Equal(60, done.Lines.Single().Received);
        var ledger = await (await duty.GetAsync($"/api/v1/warehouses/{warehouse}/movements", Ct)).ReadAsync<Platform.Http.Paged<MovementView>>();
        Assert.Contains(ledger.Items, m => m.Kind == MovementKind.Dispatch && m.Delta == -60 && m.ReferenceId == request.Id);
    }

    [Fact]
    public async Task Rejecting_an_approved_allocation_releases_the_reservation_and_needs_a_reason()
    {
        var (warehouse, batch, item, incident) = await ArrangeAsync("调拨测试储备库B");
        var county = await Beacon.SignInAsync("duty.150203");
        var request = await (await county.PostJsonAsync("/api/v1/allocations", new
        {
            warehouseId = warehouse,
            incidentId = incident,
            purpose = "转移安置受灾群众",
            lines = new[] { new { itemId = item, quantity = 30 } },
        })).ReadAsync<AllocationView>();
        var leader = await Beacon.SignInAsync("leader.150200");
        Assert.Equal(HttpStatusCode.OK, (await leader.PostJsonAsync($"/api/v1/allocations/{request.Id}/approve", new { })).StatusCode);
        Assert.Equal((100L, 30L, 100L), await BalanceAsync(Beacon, batch));

        var noReason = await leader.PostJsonAsync($"/api/v1/allocations/{request.Id}/reject", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal((100L, 30L, 100L), await BalanceAsync(Beacon, batch));

        var rejected = await leader.PostJsonAsync($"/api/v1/allocations/{request.Id}/reject", new { reason = "区级储备点库存充足，请先动用本级储备" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(AllocationStatus.Rejected, (await rejected.ReadAsync<AllocationView>()).Status);
        Assert.Equal((100L, 0L, 100L), await BalanceAsync(Beacon, batch));
        Assert.Equal(HttpStatusCode.Conflict, (await (await Beacon.SignInAsync("duty.150200")).PostAsync($"/api/v1/allocations/{request.Id}/dispatch", null, Ct)).StatusCode);

        // A neighbouring county sees nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/allocations/{request.Id}", Ct)).StatusCode);
    }

    private async Task<(Guid Warehouse, Guid Batch, Guid Item, Guid Incident)> ArrangeAsync(string name)
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var warehouse = await RegisterAsync(duty, Resource("Warehouse", name, 40.62, 109.95, shared: true));
        var item = await ItemAsync(Beacon, "0401-001");
        var batch = (await ReceiveAsync(duty, warehouse.Id, item, "ALLOC-1", 100)).BatchId;
        var county = await Beacon.SignInAsync("duty.150203");
        var reported = await county.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区暴雨内涝",
            ["eventTypeCode"] = "11A01",
            ["severity"] = "IV",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-30),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-20),
            ["locationCode"] = "150203",
            ["address"] = "包头市昆都仑区钢铁大街",
            ["latitude"] = 40.66,
            ["longitude"] = 109.84,
            ["deaths"] = 0,
            ["injured"] = 0,
            ["directLossTenThousandYuan"] = 10m,
            ["source"] = "Phone",
            ["narrative"] = "强降雨致低洼地带积水，部分群众需转移。",
            ["measures"] = "已组织转移。",
            ["signer"] = "王主任",
            ["phone"] = "0472-2100000",
        });
        Assert.True(reported.StatusCode == HttpStatusCode.Created, await reported.Content.ReadAsStringAsync(Ct));
        return (warehouse.Id, batch, item, (await reported.ReadAsync<ReportedIncident>()).Id);
    }
}

public sealed class AllocationTestsOnSqlite(SqliteBeacon beacon) : AllocationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class AllocationTestsOnPostgres(PostgresBeacon beacon) : AllocationTests(beacon), IClassFixture<PostgresBeacon>;
