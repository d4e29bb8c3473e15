using System.Net;
using Beacon.Platform.Scope;
using Beacon.Resources.Nearest;
using Beacon.Resources.Registry;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;
using static Beacon.Resources.Tests.ResourceScenarios;

namespace Beacon.Resources.Tests;

/// <summary>Issue 17, acceptance 3: the nearest ten, checked against a brute-force scan on random data, and scope.</summary>
public abstract class NearestTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task The_ring_search_returns_the_same_ten_as_a_brute_force_scan_on_random_data()
    {
        var random = new Random(20261202);
        await using (var db = Beacon.Db())
        {
            var jurisdiction = await db.Jurisdictions.Where(j => j.Code == "150200").Select(j => j.Id).SingleAsync(Ct);
            var specialities = Specialities.All;
            for (var i = 0; i < 4000; i++)
            {
                // Mostly around Baotou, some across the whole region.
                var (lat, lon) = i % 4 == 0
                    ? (37 + random.NextDouble() * 16, 97 + random.NextDouble() * 29)
                    : (40.2 + random.NextDouble() * 1.0, 109.3 + random.NextDouble() * 1.2);
                db.Add(new Resource
                {
                    Kind = (ResourceKind)random.Next(1, 6),
                    Name = $"随机资源{i}",
                    JurisdictionId = jurisdiction,
                    OwnerUnit = "测试",
                    Latitude = lat,
                    Longitude = lon,
                    Cell = GeoGrid.CellOf(lat, lon),
                    Specialities = Specialities.Join([specialities[random.Next(specialities.Count)]]),
                    Readiness = (Readiness)random.Next(1, 4),
                    CreatedBy = "system",
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        var everything = new DataScope(null, [], true);
        await using var read = Beacon.Db();
        for (var i = 0; i < 40; i++)
        {
            var (lat, lon) = i % 3 == 0 ? (37 + random.NextDouble() * 16, 97 + random.NextDouble() * 29) : (40.2 + random.NextDouble() * 1.0, 109.3 + random.NextDouble() * 1.2);
            var query = new NearestQuery(lat, lon, 10,
                i % 4 == 1 ? (ResourceKind)random.Next(1, 6) : null,
                i % 5 == 2 ? Specialities.All[random.Next(Specialities.All.Count)] : null,
                i % 6 == 3 ? Readiness.Ready : null);
            var ring = await NearestResourcesHandler.SearchAsync(read, everything, query, Ct);
            var brute = await NearestResourcesHandler.BruteForceAsync(read, everything, query, Ct);
            Assert.Equal(10, ring.Count);
            Assert.Equal(brute.Select(h => h.Id), ring.Select(h => h.Id));
            Assert.Equal(brute.Select(h => h.DistanceKm), ring.Select(h => h.DistanceKm));
        }
    }

    [Fact]
    public async Task A_registered_team_reads_back_with_exactly_its_specialities()
    {
        var city = await Beacon.SignInAsync("duty.150200");
        var team = await RegisterAsync(city, Resource("RescueTeam", "专业特长回读测试队", 41.6, 110.6, "150203", specialities: ["flood", "mine"]));
        Assert.Equal(["flood", "mine"], team.Specialities);
        var read = await (await city.GetAsync($"/api/v1/resources/{team.Id}", Ct)).ReadAsync<ResourceView>();
        Assert.Equal(["flood", "mine"], read.Specialities);
    }

    [Fact]
    public async Task Nearest_honours_scope_a_county_sees_its_own_and_shared_resources_never_a_neighbours_unshared_ones()
    {
        var city = await Beacon.SignInAsync("duty.150200");
        var own = await RegisterAsync(city, Resource("RescueTeam", "昆都仑区范围测试队", 41.501, 110.501, "150203", specialities: ["flood"]));
        var neighbour = await RegisterAsync(city, Resource("RescueTeam", "青山区范围测试队（未共享）", 41.5001, 110.5001, "150204", specialities: ["flood"]));
        var shared = await RegisterAsync(city, Resource("RescueTeam", "市级范围测试队（共享）", 41.502, 110.502, null, shared: true, specialities: ["flood"]));

        var county = await Beacon.SignInAsync("duty.150203");
        var found = await (await county.GetAsync("/api/v1/resources/nearest?latitude=41.5&longitude=110.5&kind=RescueTeam&speciality=flood", Ct)).ReadAsync<List<NearResource>>();
        Assert.Equal(own.Id, found[0].Resource.Id);
        Assert.Contains(found, f => f.Resource.Id == shared.Id && f.Resource.ReadOnly);
        Assert.DoesNotContain(found, f => f.Resource.Id == neighbour.Id);
        Assert.Contains("昆都仑区", found[0].Resource.JurisdictionChain);
        Assert.True(found[0].DistanceKm < 0.2);

        var atCity = await (await city.GetAsync("/api/v1/resources/nearest?latitude=41.5&longitude=110.5&take=3", Ct)).ReadAsync<List<NearResource>>();
        Assert.Equal(neighbour.Id, atCity[0].Resource.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/v1/resources/{neighbour.Id}", Ct)).StatusCode);

        var bad = await county.GetAsync("/api/v1/resources/nearest?latitude=10&longitude=20", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(ResourceErrors.Point, await bad.CodeAsync());
    }
}

public sealed class NearestTestsOnSqlite(SqliteBeacon beacon) : NearestTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class NearestTestsOnPostgres(PostgresBeacon beacon) : NearestTests(beacon), IClassFixture<PostgresBeacon>;
