using System.Net;
using Beacon.Incidents.Contracts;
using Beacon.Platform.Data;
using Beacon.Platform.Modules;
using Beacon.Platform.Scope;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// What modules read of each other goes through contracts limited to the caller's scope: a county reads its own
/// incidents through the incidents contract and on the map layers, and nothing of its neighbour's.
/// </summary>
public abstract class ModuleContractScopeTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_county_reads_its_own_incidents_through_the_contract_and_the_map_layer_and_none_of_its_neighbours()
    {
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var created = await kundulun.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = "昆都仑区某路段交通事故",
            ["eventTypeCode"] = "12B01",
            ["severity"] = "IV",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-10),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-5),
            ["locationCode"] = "150203",
            ["latitude"] = 40.66,
            ["longitude"] = 109.82,
            ["source"] = "Phone",
            ["narrative"] = "两车相撞，无人员伤亡。",
            ["signer"] = "王值班",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Guid.Parse((await created.JsonAsync()).GetProperty("id").GetString()!);

        Assert.Contains(await ReadAsync("duty.150203", id), f => f == id);
        Assert.Contains(await ReadAsync("duty.150200", id), f => f == id);
        Assert.Empty(await ReadAsync("duty.150204", id));
    }

    /// <summary>What <paramref name="userName"/> finds of the incident through the contract query, its list and the map layer.</summary>
    private async Task<List<Guid>> ReadAsync(string userName, Guid id)
    {
        await using var scope = Beacon.Services.CreateAsyncScope();
        await using (var db = scope.ServiceProvider.GetRequiredService<BeaconDbFactory>().CreateForSystem())
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName, Ct);
            var unit = await db.Units.AsNoTracking().SingleAsync(u => u.Id == user.UnitId, Ct);
            var roles = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(Ct);
            scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(new Actor(user.Id, userName, unit.Id, unit.JurisdictionId, null, roles));
        }

        var found = new List<Guid>();
        var incidents = scope.ServiceProvider.GetRequiredService<IIncidentQueries>();
        found.AddRange((await incidents.FindAsync(id, Ct)) is { } one ? [one.Id] : []);
        found.AddRange((await incidents.ListAsync(new IncidentQuery(), Ct)).Where(i => i.Id == id).Select(i => i.Id));
        var layer = scope.ServiceProvider.GetServices<IMapLayer>().Single(l => l.Key == "incidents");
        var now = Beacon.Clock.GetUtcNow();
        found.AddRange((await layer.QueryAsync(BoundingBox.Region, now.AddDays(-1), now.AddDays(1), 1000, Ct)).Where(f => f.Id == id).Select(f => f.Id));
        return found;
    }
}

public sealed class ModuleContractScopeTestsOnSqlite(SqliteBeacon beacon) : ModuleContractScopeTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class ModuleContractScopeTestsOnPostgres(PostgresBeacon beacon) : ModuleContractScopeTests(beacon), IClassFixture<PostgresBeacon>;
