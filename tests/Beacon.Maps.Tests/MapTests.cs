using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Maps.Divisions;
using Beacon.Platform.Jurisdictions;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Maps.Tests;

/// <summary>
/// Issue 15, the one map (一张图): the bundled boundaries cover every seeded division and nest (acceptance 1), the layer
/// feed places incidents and warning areas, refuses bad input with a stable code, and keeps to the caller's scope (acceptance 4).
/// </summary>
public abstract class MapTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>Simplification tolerance of the converter (0.003°) with a margin: how far a county's vertex may stray outside its prefecture.</summary>
    private const double Tolerance = 0.01;

    [Fact]
    public async Task Every_seeded_division_has_a_polygon_each_county_lies_in_its_prefecture_and_each_centroid_in_its_own_polygon()
    {
        await using var db = Beacon.Db();
        var seeded = await db.Jurisdictions.AsNoTracking().Where(j => j.Level != JurisdictionLevel.FunctionalArea && !j.IsRetired).ToListAsync(Ct);
        var atlas = Beacon.Services.GetRequiredService<DivisionAtlas>();

        Assert.Equal(116, seeded.Count);
        Assert.Equal(116, atlas.Shapes.Count);
        var byId = seeded.ToDictionary(j => j.Id);
        foreach (var j in seeded)
        {
            Assert.True(atlas.Shapes.TryGetValue(j.Code, out var shape), $"{j.Code} {j.Name} has no polygon");
            Assert.Equal(j.Name, shape.Name);
            Assert.NotEmpty(shape.Polygons);
            Assert.True(shape.Contains(shape.Centroid.Longitude, shape.Centroid.Latitude), $"{j.Code} {j.Name}: centroid {shape.Centroid} outside its polygon");
            if (j.ParentId is { } parentId)
            {
                var parent = atlas.Shapes[byId[parentId].Code];
                Assert.Equal(parent.Code, shape.ParentCode);
                var stray = shape.Polygons.SelectMany(p => p[0].Points).Max(pt => parent.DistanceOutside(pt.Longitude, pt.Latitude));
                Assert.True(stray <= Tolerance, $"{j.Code} {j.Name} strays {stray:F4}° outside {parent.Code} {parent.Name}");
                Assert.True(parent.Box.Contains(shape.Centroid.Longitude, shape.Centroid.Latitude), $"{j.Code} not in the box of {parent.Code}");
            }
        }
    }

    [Theory]
    [InlineData(109.822, 40.658, "150203")] // 昆都仑区人民政府 (Kundulun district government)
    [InlineData(111.670, 40.820, "150102")] // 新城区, Hohhot
    [InlineData(119.766, 49.212, "150702")] // 海拉尔区, Hulunbuir
    [InlineData(105.670, 38.840, "152921")] // 阿拉善左旗 (Bayanhot)
    [InlineData(116.070, 43.940, "152502")] // 锡林浩特市
    public void A_known_place_is_located_in_its_county(double longitude, double latitude, string code)
    {
        var atlas = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>();

        Assert.Equal(code, atlas.Locate(longitude, latitude));
        var place = atlas.Find(code)!;
        Assert.True(place.Box.Contains(longitude, latitude));
    }

    [Fact]
    public async Task The_incident_layer_places_a_report_at_its_coordinates_and_one_without_at_its_county_centroid()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var withPoint = await ReportAsync(duty, "昆都仑区钢铁大街燃气管道泄漏", 40.6562, 109.8403);
        var withoutPoint = await ReportAsync(duty, "昆都仑区某小区电梯困人", null, null);

        var incidents = await LayerAsync(duty, "incidents");

        var a = incidents.Single(f => f.GetProperty("id").GetString() == withPoint);
        Assert.Equal(109.8403, a.GetProperty("longitude").GetDouble(), 4);
        Assert.Equal(40.6562, a.GetProperty("latitude").GetDouble(), 4);
        Assert.Equal("point", a.GetProperty("placed").GetString());
        Assert.Equal("III", a.GetProperty("colourKey").GetString());
        Assert.Equal($"incidents/{withPoint}", a.GetProperty("href").GetString());
        var b = incidents.Single(f => f.GetProperty("id").GetString() == withoutPoint);
        var centroid = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>().Find("150203")!;
        Assert.Equal("division", b.GetProperty("placed").GetString());
        Assert.Equal(centroid.Longitude, b.GetProperty("longitude").GetDouble(), 5);
        Assert.Equal(centroid.Latitude, b.GetProperty("latitude").GetDouble(), 5);
        Assert.Equal("昆都仑区", b.GetProperty("divisionName").GetString());

        // Outside the box asked for: not there.
        var elsewhere = await (await duty.GetAsync("/api/v1/map/features?layer=incidents&bbox=110.5,40.0,111.0,40.3", Ct)).JsonAsync();
        Assert.DoesNotContain(elsewhere.GetProperty("layers")[0].GetProperty("items").EnumerateArray(), f => f.GetProperty("id").GetString() == withPoint);
    }

    [Fact]
    public async Task A_published_warning_is_an_area_in_its_colour_on_the_division_it_names()
    {
        var id = await PublishWarningAsync("150203", "Orange", "昆都仑区气象台发布大风橙色预警");
        var duty = await Beacon.SignInAsync("duty.150203");

        var warnings = await LayerAsync(duty, "warnings");

        var area = warnings.Single(f => f.GetProperty("id").GetString() == id);
        Assert.Equal("150203", area.GetProperty("divisionCode").GetString());
        Assert.Equal("Orange", area.GetProperty("colourKey").GetString());
        Assert.Equal("#fa8c16", area.GetProperty("colour").GetString());
        var layers = await (await duty.GetAsync("/api/v1/map/layers", Ct)).JsonAsync();
        Assert.Contains(layers.EnumerateArray(), l => l.GetProperty("key").GetString() == "warnings" && l.GetProperty("kind").GetString() == "Areas");
    }

    [Fact]
    public async Task A_county_map_shows_none_of_a_neighbouring_county_incidents_or_warnings()
    {
        var neighbour = await Beacon.SignInAsync("duty.150203");
        var incident = await ReportAsync(neighbour, "昆都仑区某厂房火灾", 40.66, 109.83);
        var warning = await PublishWarningAsync("150203", "Red", "昆都仑区发布暴雨红色预警");
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var county = await Beacon.SignInAsync("duty.150204");

        Assert.Contains(await LayerAsync(prefecture, "incidents"), f => f.GetProperty("id").GetString() == incident);
        var all = await (await county.GetAsync("/api/v1/map/features", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(incident, all, StringComparison.Ordinal);
        Assert.DoesNotContain(warning, all, StringComparison.Ordinal);
        Assert.DoesNotContain("昆都仑区", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Newer_incidents_known_only_by_a_county_outside_the_box_do_not_crowd_out_the_box_own()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var inside = await ReportAsync(duty, "昆都仑区某仓库火灾", 40.6562, 109.8403);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        var countyOnly = await ReportAsync(duty, "昆都仑区某小区停电", null, null);
        await ReportAsync(duty, "昆都仑区某路段积水", null, null);
        var centroid = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>().Find("150203")!;
        Assert.False(centroid.Longitude is >= 109.83 and <= 109.85 && centroid.Latitude is >= 40.65 and <= 40.66);

        // A box around the first only, and room for one: the newer county-only incidents stand elsewhere, so the first is the answer.
        var view = await (await duty.GetAsync("/api/v1/map/features?layer=incidents&bbox=109.83,40.65,109.85,40.66&take=1&clusters=false", Ct)).JsonAsync();

        // (Other tests of the class report at the same spot, later: the one answer is a point in the box, not a county-only one.)
        var only = Assert.Single(view.GetProperty("layers")[0].GetProperty("items").EnumerateArray());
        Assert.Equal("point", only.GetProperty("placed").GetString());
        var roomy = await (await duty.GetAsync("/api/v1/map/features?layer=incidents&bbox=109.83,40.65,109.85,40.66", Ct)).JsonAsync();
        var ids = roomy.GetProperty("layers")[0].GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains(inside, ids);
        Assert.DoesNotContain(countyOnly, ids);
    }

    [Fact]
    public async Task Every_box_finds_exactly_the_incidents_inside_it_on_and_beside_the_grid_cell_edges()
    {
        // Points on the half-degree cell edges (40.5° N, 110.0° E), a hair either side, and on a box's own edges; boxes of
        // one cell, several cells, and one large enough to walk the period instead (decision 0019, "Grid cells").
        var duty = await Beacon.SignInAsync("duty.150203");
        const double Hair = 1e-7;
        var points = new List<(string Id, double Lat, double Lon)>();
        var i = 0;
        foreach (var lat in new[] { 40.5, 40.5 - Hair, 40.5 + Hair, 40.25, 40.75 })
        {
            foreach (var lon in new[] { 110.0, 110.0 - Hair, 110.0 + Hair, 109.75 })
            {
                points.Add((await ReportAsync(duty, $"网格边界测试{i++}", lat, lon), lat, lon));
            }
        }

        var boxes = new[]
        {
            (West: 109.75, South: 40.25, East: 110.0, North: 40.5),
            (West: 110.0, South: 40.5, East: 110.25, North: 40.75),
            (West: 109.99, South: 40.49, East: 110.01, North: 40.51),
            (West: 109.5, South: 40.0, East: 111.0, North: 41.0),
            (West: 96.0, South: 36.0, East: 127.0, North: 54.0),
        };
        foreach (var b in boxes)
        {
            var view = await (await duty.GetAsync(FormattableString.Invariant($"/api/v1/map/features?layer=incidents&bbox={b.West},{b.South},{b.East},{b.North}"), Ct)).JsonAsync();
            var found = view.GetProperty("layers")[0].GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToHashSet();
            var expected = points.Where(p => p.Lon >= b.West && p.Lon <= b.East && p.Lat >= b.South && p.Lat <= b.North).Select(p => p.Id).ToHashSet();
            Assert.True(expected.SetEquals(found.Where(id => points.Any(p => p.Id == id))),
                FormattableString.Invariant($"box {b}: expected {expected.Count} of the test's incidents, found {found.Count(id => points.Any(p => p.Id == id))}"));
        }
    }

    [Fact]
    public async Task A_box_holding_more_than_take_answers_clusters_whose_counts_sum_to_every_incident_the_caller_may_see_in_it()
    {
        var atlas = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>();
        var kundulun = atlas.Find("150203")!;
        var duty = await Beacon.SignInAsync("duty.150203");
        foreach (var (dLat, dLon) in new[] { (0.01, 0.01), (0.012, 0.011), (-0.01, 0.01), (-0.01, -0.01), (0.01, -0.012) })
        {
            await ReportAsync(duty, "聚合测试事件", kundulun.Latitude + dLat, kundulun.Longitude + dLon);
        }

        await ReportAsync(duty, "聚合测试事件（仅知区县）", null, null);
        await ReportAsync(duty, "聚合测试事件（仅知区县）", null, null);
        var prefecture = await Beacon.SignInAsync("duty.150200");

        // The county's own box (a list of grid cells) and the whole region (a range of cells), as the county and as its prefecture.
        foreach (var client in new[] { duty, prefecture })
        {
            foreach (var b in new[] { kundulun.Box, global::Beacon.Platform.Modules.BoundingBox.Region })
            {
                var bbox = FormattableString.Invariant($"bbox={b.West},{b.South},{b.East},{b.North}");
                var full = (await LayerAsync(client, $"incidents&{bbox}&take=10000")).ToList();
                Assert.True(full.Count >= 7, $"{full.Count} incidents in {bbox}");

                var view = await (await client.GetAsync($"/api/v1/map/features?layer=incidents&{bbox}&take=2", Ct)).JsonAsync();

                var layer = view.GetProperty("layers")[0];
                Assert.Equal("clusters", layer.GetProperty("shape").GetString());
                Assert.False(layer.GetProperty("truncated").GetBoolean());
                Assert.Empty(layer.GetProperty("items").EnumerateArray());
                var clusters = layer.GetProperty("clusters").EnumerateArray().ToList();
                Assert.Equal(full.Count, clusters.Sum(c => c.GetProperty("count").GetInt32()));
                foreach (var placed in new[] { "point", "division" })
                {
                    Assert.Equal(full.Count(f => f.GetProperty("placed").GetString() == placed),
                        clusters.Where(c => c.GetProperty("placed").GetString() == placed).Sum(c => c.GetProperty("count").GetInt32()));
                }

                Assert.Equal(full.Count(f => f.GetProperty("colourKey").GetString() == "III"),
                    clusters.Sum(c => c.GetProperty("colours").TryGetProperty("III", out var n) ? n.GetInt32() : 0));
                foreach (var c in clusters)
                {
                    Assert.Equal(c.GetProperty("count").GetInt32(), c.GetProperty("colours").EnumerateObject().Sum(k => k.Value.GetInt32()));
                    var extent = c.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                    var (lon, lat) = (c.GetProperty("longitude").GetDouble(), c.GetProperty("latitude").GetDouble());
                    Assert.True(extent[0] <= lon && lon <= extent[2] && extent[1] <= lat && lat <= extent[3], $"cluster at {lon},{lat} outside its bbox");
                    if (c.GetProperty("placed").GetString() == "point")
                    {
                        Assert.True(b.Contains(extent[0], extent[1]) && b.Contains(extent[2], extent[3]), $"cluster spans {string.Join(',', extent)} beyond {bbox}");
                    }
                }

                // Asked not to cluster: the newest two, truncated.
                var listed = await (await client.GetAsync($"/api/v1/map/features?layer=incidents&{bbox}&take=2&clusters=false", Ct)).JsonAsync();
                Assert.Equal("features", listed.GetProperty("layers")[0].GetProperty("shape").GetString());
                Assert.Equal(2, listed.GetProperty("layers")[0].GetProperty("items").GetArrayLength());
                Assert.True(listed.GetProperty("layers")[0].GetProperty("truncated").GetBoolean());
            }
        }
    }

    [Fact]
    public async Task Clusters_keep_to_the_caller_scope_a_county_counts_none_of_its_neighbour_incidents()
    {
        var atlas = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>();
        var neighbour = await Beacon.SignInAsync("duty.150203");
        var kundulun = atlas.Find("150203")!;
        var neighbours = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            neighbours.Add(await ReportAsync(neighbour, "昆都仑区聚合范围测试", kundulun.Latitude + 0.001 * n, kundulun.Longitude));
        }

        neighbours.Add(await ReportAsync(neighbour, "昆都仑区聚合范围测试（仅知区县）", null, null));
        var county = await Beacon.SignInAsync("duty.150204");
        var qingshan = atlas.Find("150204")!;
        await ReportAsync(county, "青山区聚合范围测试", qingshan.Latitude, qingshan.Longitude, "150204");
        await ReportAsync(county, "青山区聚合范围测试", qingshan.Latitude + 0.001, qingshan.Longitude, "150204");
        await ReportAsync(county, "青山区聚合范围测试（仅知区县）", null, null, "150204");
        var baotou = atlas.Find("150200")!.Box;
        var bbox = FormattableString.Invariant($"bbox={baotou.West},{baotou.South},{baotou.East},{baotou.North}");

        var own = await LayerAsync(county, $"incidents&{bbox}&take=10000&clusters=false");
        var view = await (await county.GetAsync($"/api/v1/map/features?layer=incidents&{bbox}&take=1", Ct)).JsonAsync();
        var prefecture = await (await (await Beacon.SignInAsync("duty.150200")).GetAsync($"/api/v1/map/features?layer=incidents&{bbox}&take=1", Ct)).JsonAsync();

        Assert.DoesNotContain(own, f => neighbours.Contains(f.GetProperty("id").GetString()!));
        var clusters = view.GetProperty("layers")[0].GetProperty("clusters").EnumerateArray().ToList();
        Assert.Equal(own.Count, clusters.Sum(c => c.GetProperty("count").GetInt32()));
        Assert.DoesNotContain(clusters, c => c.TryGetProperty("divisionCode", out var code) && code.GetString() == "150203");
        var all = prefecture.GetProperty("layers")[0].GetProperty("clusters").EnumerateArray().Sum(c => c.GetProperty("count").GetInt32());
        Assert.True(all >= own.Count + neighbours.Count, $"the prefecture counts {all}, the county {own.Count} and its neighbour at least {neighbours.Count}");
    }

    [Fact]
    public async Task The_duty_rooms_layer_shows_each_duty_room_in_scope_at_its_division_centroid()
    {
        var atlas = Beacon.Services.GetRequiredService<Beacon.Platform.Modules.IDivisionGeometry>();
        var county = await Beacon.SignInAsync("duty.150203");

        var own = await LayerAsync(county, "duty-rooms");

        var room = Assert.Single(own);
        var centroid = atlas.Find("150203")!;
        Assert.Equal("150203", room.GetProperty("divisionCode").GetString());
        Assert.Equal("division", room.GetProperty("placed").GetString());
        Assert.Equal(centroid.Longitude, room.GetProperty("longitude").GetDouble(), 5);
        Assert.Equal(centroid.Latitude, room.GetProperty("latitude").GetDouble(), 5);
        Assert.Contains("昆都仑区", room.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal("directory", room.GetProperty("href").GetString());

        // The prefecture sees its own and its counties' duty rooms, none of Hohhot's; a box keeps to what lies in it.
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var codes = (await LayerAsync(prefecture, "duty-rooms")).Select(f => f.GetProperty("divisionCode").GetString()!).ToList();
        Assert.Contains("150200", codes);
        Assert.Contains("150203", codes);
        Assert.Contains("150204", codes);
        Assert.All(codes, c => Assert.StartsWith("1502", c, StringComparison.Ordinal));
        var box = atlas.Find("150203")!.Box;
        var inBox = await (await prefecture.GetAsync(FormattableString.Invariant($"/api/v1/map/features?layer=duty-rooms&bbox={box.West},{box.South},{box.East},{box.North}"), Ct)).JsonAsync();
        Assert.Contains(inBox.GetProperty("layers")[0].GetProperty("items").EnumerateArray(), f => f.GetProperty("divisionCode").GetString() == "150203");
        var layers = await (await county.GetAsync("/api/v1/map/layers", Ct)).JsonAsync();
        Assert.Contains(layers.EnumerateArray(), l => l.GetProperty("key").GetString() == "duty-rooms" && l.GetProperty("title").GetString() == "值班室");
    }

    [Theory]
    [InlineData("layer=nothing", "layer", MapErrors.LayerUnknown)]
    [InlineData("bbox=1,2,3", "bbox", MapErrors.BoxInvalid)]
    [InlineData("bbox=112,40,110,41", "bbox", MapErrors.BoxInvalid)]
    [InlineData("bbox=a,b,c,d", "bbox", MapErrors.BoxInvalid)]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to", MapErrors.PeriodInvalid)]
    [InlineData("take=0", "take", MapErrors.TakeInvalid)]
    [InlineData("take=10001", "take", MapErrors.TakeInvalid)]
    [InlineData("clusters=maybe", "clusters", MapErrors.ClustersInvalid)]
    public async Task A_bad_query_is_refused_with_400_naming_the_field_and_its_code(string query, string field, string code)
    {
        var duty = await Beacon.SignInAsync("duty.150203");

        using var response = await duty.GetAsync($"/api/v1/map/features?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(code, problem.GetProperty("codes").GetProperty(field)[0].GetString());
    }

    private static async Task<List<JsonElement>> LayerAsync(HttpClient client, string layer)
    {
        using var response = await client.GetAsync($"/api/v1/map/features?layer={layer}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var body = await response.JsonAsync();
        return [.. body.GetProperty("layers")[0].GetProperty("items").EnumerateArray()];
    }

    private async Task<string> ReportAsync(HttpClient client, string title, double? latitude, double? longitude, string location = "150203")
    {
        var created = await client.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = title,
            ["eventTypeCode"] = "12C01",
            ["severity"] = "III",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-10),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-5),
            ["locationCode"] = location,
            ["latitude"] = latitude,
            ["longitude"] = longitude,
            ["source"] = "Phone",
            ["narrative"] = "情况核实中。",
            ["signer"] = "值班员",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.JsonAsync()).GetProperty("id").GetString()!;
    }

    private async Task<string> PublishWarningAsync(string code, string level, string headline)
    {
        var now = Beacon.Clock.GetUtcNow();
        var duty = await Beacon.SignInAsync($"duty.{code}");
        var created = await duty.PostJsonAsync("/api/v1/warnings", new Dictionary<string, object?>
        {
            ["eventCode"] = "11B03",
            ["level"] = level,
            ["urgency"] = "Expected",
            ["certainty"] = "Likely",
            ["effectiveAt"] = now,
            ["expiresAt"] = now.AddHours(12),
            ["headline"] = headline,
            ["description"] = "预计未来6小时内将出现强降雨。",
            ["instruction"] = "做好防御准备。",
            ["areas"] = new object[] { new { divisionCode = code } },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var warning = await created.JsonAsync();
        warning = await StepAsync($"duty.{code}", warning, "submit", new { });
        warning = await StepAsync($"onduty.{code}", warning, "review", new { approve = true });
        warning = await StepAsync($"leader.{code}", warning, "sign-off", new { });
        return warning.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> StepAsync(string user, JsonElement warning, string step, object body)
    {
        var client = await Beacon.SignInAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.GetProperty("id").GetString()}/{step}")
        {
            Content = JsonContent.Create(body, options: BeaconFactory.Json),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.GetProperty("version").GetInt32()}\""));
        using var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.JsonAsync();
    }
}

public sealed class MapTestsOnSqlite(SqliteBeacon beacon) : MapTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class MapTestsOnPostgres(PostgresBeacon beacon) : MapTests(beacon), IClassFixture<PostgresBeacon>;
