using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Targeting by geometry (issue 14, acceptance 3): recipients with a point; a polygon-only and a circle-only warning
/// reach exactly the recipients inside, checked against a brute-force point-in-polygon (ray casting) and haversine
/// distance written here over random recipients; a draft whose area selects nobody says so before sign-off.
/// </summary>
public abstract class GeometryTargetingTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>A concave polygon (an L shape) over 昆都仑区 and 青山区, as CAP lat,lon pairs.</summary>
    private static readonly (double Lat, double Lon)[] Shape =
        [(40.55, 109.70), (40.80, 109.70), (40.80, 109.85), (40.65, 109.85), (40.65, 110.00), (40.55, 110.00), (40.55, 109.70)];

    [Fact]
    public async Task A_polygon_only_warning_reaches_exactly_the_recipients_inside()
    {
        await AddRandomRecipientsAsync(400, seed: 14);
        var polygon = string.Join(' ', Shape.Select(p => Point(p.Lat, p.Lon)));
        var warning = await PublishAsync(new { description = "昆都仑区北部山区", polygon }, "包头市气象台发布大风蓝色预警（多边形）");

        var expected = await ExpectedAsync(r => InPolygon(r.Lat, r.Lon, Shape));
        Assert.InRange(expected.Count, 20, 400);
        Assert.Equal(expected.Order(), await DeliveredAsync(warning.Id));
    }

    [Fact]
    public async Task A_circle_only_warning_reaches_exactly_the_recipients_inside()
    {
        await AddRandomRecipientsAsync(400, seed: 15);
        var (lat, lon, km) = (40.66, 109.84, 12.5);
        var warning = await PublishAsync(new { description = "昆都仑水库周边", circle = $"{Point(lat, lon)} {km.ToString(CultureInfo.InvariantCulture)}" }, "包头市气象台发布大风蓝色预警（圆形）");

        var expected = await ExpectedAsync(r => Haversine(lat, lon, r.Lat, r.Lon) <= km);
        Assert.InRange(expected.Count, 20, 400);
        Assert.Equal(expected.Order(), await DeliveredAsync(warning.Id));
    }

    [Fact]
    public async Task A_draft_whose_area_selects_nobody_shows_the_count_before_sign_off()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var point = await duty.PostJsonAsync("/api/v1/recipients", new { kind = "Person", name = "山区牧户", phone = "13900001401", latitude = 40.90, longitude = 109.60 });
        Assert.True(point.StatusCode == HttpStatusCode.Created, await point.Content.ReadAsStringAsync(Ct));
        var pointOnly = await point.ReadAsync<RecipientView>();
        Assert.Equal((40.90, 109.60), (pointOnly.Latitude!.Value, pointOnly.Longitude!.Value));
        Assert.Empty(pointOnly.Areas);

        // Far from anyone (a circle of 1 km in the Gobi north of the region): nobody; around the herder: one.
        var nobody = await DraftAsync(duty, new { description = "无人区", circle = "42.90,110.90 1" });
        var reach = await (await duty.GetAsync($"/api/v1/warnings/{nobody.Id}/reach", Ct)).ReadAsync<WarningReach>();
        Assert.Equal((0, 0, 0, 0), (reach.Recipients, reach.Sms, reach.Email, reach.Webhook));
        var herder = await DraftAsync(duty, new { description = "牧户周边", circle = "40.90,109.60 2" });
        reach = await (await duty.GetAsync($"/api/v1/warnings/{herder.Id}/reach", Ct)).ReadAsync<WarningReach>();
        Assert.True(reach.Sms >= 1);

        var bad = await duty.PostJsonAsync("/api/v1/recipients", new { kind = "Person", name = "坐标不全", phone = "13900001402", latitude = 40.9 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains(WarningErrors.RecipientLocation, await bad.FieldCodesAsync("longitude"));
        Assert.Equal(HttpStatusCode.NotFound, (await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/warnings/{nobody.Id}/reach", Ct)).StatusCode);
    }

    private sealed record Spot(Guid Id, double Lat, double Lon, bool Sms, bool Email);

    /// <summary>Random recipients over 包头 (some with a phone, some with e-mail, some both) written straight to the database.</summary>
    private async Task AddRandomRecipientsAsync(int count, int seed)
    {
        var random = new Random(seed);
        await using var db = Beacon.Db();
        var owner = await db.Jurisdictions.Where(j => j.Code == "150200").Select(j => j.Id).SingleAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(3);
            db.Add(new Recipient
            {
                Kind = RecipientKind.Subscriber,
                Name = $"随机订阅用户{seed}-{i}",
                OwnerJurisdictionId = owner,
                Phone = kind != 1 ? $"139{seed:00}{i:000000}" : null,
                Email = kind != 0 ? $"r{seed}-{i}@example.cn" : null,
                Latitude = Math.Round(40.45 + (random.NextDouble() * 0.5), 6),
                Longitude = Math.Round(109.55 + (random.NextDouble() * 0.6), 6),
                CreatedAt = Beacon.Clock.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Every active recipient (of any test) with a point that <paramref name="inside"/> accepts, per channel.</summary>
    private async Task<List<(Guid, WarningChannel)>> ExpectedAsync(Func<Spot, bool> inside)
    {
        await using var db = Beacon.Db();
        var spots = await db.Set<Recipient>().AsNoTracking().Where(r => r.IsActive && r.Latitude != null && r.Longitude != null)
            .Select(r => new Spot(r.Id, r.Latitude!.Value, r.Longitude!.Value, r.Phone != null, r.Email != null)).ToListAsync(Ct);
        var expected = new List<(Guid, WarningChannel)>();
        foreach (var s in spots.Where(inside))
        {
            if (s.Sms)
            {
                expected.Add((s.Id, WarningChannel.Sms));
            }

            if (s.Email)
            {
                expected.Add((s.Id, WarningChannel.Email));
            }
        }

        return expected;
    }

    private async Task<List<(Guid, WarningChannel)>> DeliveredAsync(Guid warningId)
    {
        var dispatcher = Beacon.Services.GetRequiredService<Dispatcher>();
        await using var db = Beacon.Db();
        for (var round = 0; round < 50 && !await db.Set<DisseminationJob>().AnyAsync(j => j.WarningId == warningId && j.ExpandedAt != null, Ct); round++)
        {
            await dispatcher.RunOnceAsync(Ct);
        }

        var rows = await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warningId && d.Channel != WarningChannel.Webhook)
            .Select(d => new { d.RecipientId, d.Channel }).ToListAsync(Ct);
        return [.. rows.Select(r => (r.RecipientId, r.Channel)).Order()];
    }

    /// <summary>Ray casting, written independently of NetTopologySuite: x = longitude, y = latitude.</summary>
    private static bool InPolygon(double lat, double lon, (double Lat, double Lon)[] ring)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            var (yi, xi) = ring[i];
            var (yj, xj) = ring[j];
            if ((yi > lat) != (yj > lat) && lon < ((xj - xi) * (lat - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }

    private static string Point(double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"{lat},{lon}");

    private async Task<WarningView> DraftAsync(HttpClient duty, object area)
    {
        var body = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "包头市气象台发布大风蓝色预警");
        body["areas"] = new[] { area };
        var created = await duty.PostJsonAsync("/api/v1/warnings", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return await created.ReadAsync<WarningView>();
    }

    private async Task<WarningView> PublishAsync(object area, string headline)
    {
        var duty = await Beacon.SignInAsync("duty.150200");
        var body = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: headline);
        body["areas"] = new[] { area };
        var created = await duty.PostJsonAsync("/api/v1/warnings", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var draft = await created.ReadAsync<WarningView>();
        var submitted = await StepAsync("duty.150200", draft, "submit");
        var reviewed = await StepAsync("onduty.150200", submitted, "review", new { approve = true });
        return await StepAsync("leader.150200", reviewed, "sign-off");
    }

    private async Task<WarningView> StepAsync(string user, WarningView warning, string step, object? body = null)
    {
        var client = await Beacon.SignInAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body ?? new { }, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }
}

public sealed class GeometryTargetingTestsOnSqlite(SqliteBeacon beacon) : GeometryTargetingTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class GeometryTargetingTestsOnPostgres(PostgresBeacon beacon) : GeometryTargetingTests(beacon), IClassFixture<PostgresBeacon>;
