using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Beacon.Maps;
using Beacon.Platform.Modules;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 15, acceptance 2 and 6: the situational map (一张图) works with nothing beyond Beacon reachable, draws the
/// divisions, a current warning's area in its colour, an incident filed a moment ago without reload, opens its card on
/// a click; and with a tile base layer switched on (a local tile server) it draws the tiles under the divisions.
/// </summary>
public sealed class SituationMapBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_map_opens_offline_shows_the_divisions_a_warning_area_in_its_colour_and_a_new_incident_live_with_its_card()
    {
        var warning = await PublishWarningAsync("150203", "Red", "昆都仑区气象台发布暴雨红色预警");
        var page = await browser.SignInAsync("duty.150203");
        var foreign = await BlockEverythingButAsync(page, browser.BaseAddress);
        await page.GotoAsync("/map");
        await BrowserFixture.ReadyAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=map][data-map-ready=true]")).ToHaveCountAsync(1);

        // The divisions are drawn: the county's own boundary among them (the county opens on its county).
        await WaitAsync(page, "() => window.beaconMap.map.queryRenderedFeatures({ layers: ['division-line'] }).some(f => f.properties.code === '150203')");
        // The warning fills its division in its colour.
        var kundulun = Beacon.Services.GetRequiredService<IDivisionGeometry>().Find("150203")!;
        await Assertions.Expect(page.Locator("[data-testid=map][data-layer-warnings]")).ToHaveCountAsync(1);
        await WaitAsync(page, $"() => {{ const m = window.beaconMap.map; const p = m.project([{kundulun.Longitude}, {kundulun.Latitude}]); return m.queryRenderedFeatures(p, {{ layers: ['area-warnings'] }}).some(f => f.properties.code === '150203'); }}");
        var fill = await page.EvaluateAsync<string>("() => JSON.stringify(window.beaconMap.map.getPaintProperty('area-warnings', 'fill-color'))");
        Assert.Contains("\"150203\",\"#cf1322\"", fill, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("map-side")).ToContainTextAsync("昆都仑区气象台发布暴雨红色预警");

        // An incident filed now appears without reload, at its place.
        var (lon, lat) = (109.7905, 40.6713);
        var incident = await ReportAsync("昆都仑区包钢厂区煤气泄漏", lat, lon);
        var item = page.GetByTestId("map-item").Filter(new() { HasText = "昆都仑区包钢厂区煤气泄漏" });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await page.EvaluateAsync($"() => {{ window.beaconMap.map.jumpTo({{ center: [{lon}, {lat}], zoom: 14 }}); }}");
        await WaitAsync(page, $"() => {{ const m = window.beaconMap.map; const p = m.project([{lon}, {lat}]); return m.queryRenderedFeatures(p, {{ layers: ['points-incidents'] }}).some(f => f.properties.id === '{incident}'); }}");

        // Clicking it opens its card, with the link to its page.
        var box = (await page.GetByTestId("map").BoundingBoxAsync())!;
        var at = await page.EvaluateAsync<JsonElement>($"() => {{ const p = window.beaconMap.map.project([{lon}, {lat}]); return [p.x, p.y]; }}");
        await page.Mouse.ClickAsync(box.X + at[0].GetSingle(), box.Y + at[1].GetSingle());
        var card = page.GetByTestId("map-card");
        await Assertions.Expect(card).ToContainTextAsync("昆都仑区包钢厂区煤气泄漏");
        await Assertions.Expect(card.GetByTestId("map-card-link")).ToHaveAttributeAsync("href", $"incidents/{incident}");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("situation-map"), FullPage = true });

        Assert.Empty(foreign);
        Assert.NotEqual(Guid.Empty, Guid.Parse(warning));
    }

    [Fact]
    public async Task The_map_draws_a_configured_tile_base_layer_and_none_when_switched_off()
    {
        using var tiles = new TileServer();
        var options = Beacon.Services.GetRequiredService<IOptions<MapsOptions>>().Value;

        // Off (the default): no base layer, nothing asked of any tile server.
        var off = await browser.SignInAsync("duty.150200");
        var offForeign = await BlockEverythingButAsync(off, browser.BaseAddress);
        await off.GotoAsync("/map");
        await Assertions.Expect(off.Locator("[data-testid=map][data-map-ready=true]")).ToHaveCountAsync(1);
        await WaitAsync(off, "() => window.beaconMap.map.queryRenderedFeatures({ layers: ['division-line'] }).length > 0");
        Assert.False(await off.EvaluateAsync<bool>("() => !!window.beaconMap.map.getLayer('tiles')"));
        await Assertions.Expect(off.GetByTestId("map-toggle-tiles")).ToHaveCountAsync(0);
        Assert.Empty(offForeign);

        // On: the tiles come from the configured server, under the divisions.
        options.TileUrl = tiles.Address + "{z}/{x}/{y}.png?tk={key}";
        options.TileKey = "test-key";
        try
        {
            var on = await browser.SignInAsync("duty.150200");
            var onForeign = await BlockEverythingButAsync(on, browser.BaseAddress, tiles.Address);
            await on.GotoAsync("/map");
            await Assertions.Expect(on.Locator("[data-testid=map][data-map-ready=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(on.GetByTestId("map-toggle-tiles")).ToHaveCountAsync(1);
            await WaitAsync(on, "() => window.beaconMap.map.getLayoutProperty('tiles', 'visibility') !== 'none' && window.beaconMap.map.areTilesLoaded()");
            Assert.NotEmpty(tiles.Requests);
            Assert.All(tiles.Requests, r => Assert.Matches(@"^/\d+/\d+/\d+\.png\?tk=test-key$", r));
            await WaitAsync(on, "() => window.beaconMap.map.queryRenderedFeatures({ layers: ['division-line'] }).length > 0");
            Assert.Empty(onForeign);

            // Switched off on the page: the layer is hidden.
            await BrowserFixture.ReadyAsync(on);
            await on.GetByTestId("map-toggle-tiles").ClickAsync();
            await WaitAsync(on, "() => window.beaconMap.map.getLayoutProperty('tiles', 'visibility') === 'none'");
        }
        finally
        {
            options.TileUrl = null;
            options.TileKey = null;
        }
    }

    [Fact]
    public async Task A_polygon_drawn_on_the_warning_form_is_the_polygon_of_the_stored_cap()
    {
        const string headline = "昆都仑区气象台发布大风蓝色预警（绘制区域）";
        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync("/warnings/new");
        await BrowserFixture.ReadyAsync(duty);
        await duty.Locator("[data-testid=draft-event] .ant-select-selector").ClickAsync();
        await duty.Locator(".ant-select-item-option").Filter(new() { HasText = "暴雨" }).ClickAsync();
        await duty.GetByTestId("draft-level").GetByText("蓝色", new() { Exact = true }).ClickAsync();
        await duty.GetByTestId("draft-headline").FillAsync(headline);
        await duty.Locator("[data-testid=draft-description] textarea").FillAsync("预计未来12小时内昆都仑区北部山区将出现6级以上大风。");
        await duty.Locator("[data-testid=draft-instruction] textarea").FillAsync("加固围板、棚架等易被风吹动的搭建物。");

        await Assertions.Expect(duty.Locator("[data-testid=draft-map][data-map-ready=true]")).ToHaveCountAsync(1);
        await duty.EvaluateAsync("() => { window.beaconMap.map.jumpTo({ center: [109.80, 40.68], zoom: 10 }); }");
        await duty.GetByTestId("draft-draw-start").Locator("button").ClickAsync();
        await DrawingCursorAsync(duty);
        var map = (await duty.GetByTestId("draft-map").BoundingBoxAsync())!;
        var clicks = new (float X, float Y)[] { (120, 80), (300, 90), (320, 260), (140, 250) };
        var aimed = new List<(double Lat, double Lon)>();
        foreach (var (x, y) in clicks)
        {
            await duty.Mouse.ClickAsync(map.X + x, map.Y + y);
            var at = await duty.EvaluateAsync<JsonElement>($"() => {{ const p = window.beaconMap.map.unproject([{x}, {y}]); return [p.lat, p.lng]; }}");
            aimed.Add((at[0].GetDouble(), at[1].GetDouble()));
        }

        // What was drawn: the corners as the map placed them under the clicks (within a pixel, 0.002° at this zoom, of where we aimed).
        var corners = await duty.EvaluateAsync<JsonElement>("() => window.beaconMap.draft.map(p => [p[1], p[0]])");
        var drawn = corners.EnumerateArray().Select(c => (Lat: c[0].GetDouble(), Lon: c[1].GetDouble())).ToList();
        Assert.Equal(aimed.Count, drawn.Count);
        for (var i = 0; i < drawn.Count; i++)
        {
            Assert.Equal(aimed[i].Lat, drawn[i].Lat, 0.002);
            Assert.Equal(aimed[i].Lon, drawn[i].Lon, 0.002);
        }

        await Assertions.Expect(duty.GetByTestId("draft-draw-finish").Locator("button")).ToBeEnabledAsync();
        await duty.GetByTestId("draft-draw-finish").Locator("button").ClickAsync();
        await Assertions.Expect(duty.Locator("[data-testid=draft-polygon] textarea")).Not.ToHaveValueAsync("");
        await duty.GetByTestId("draft-save").Locator("button").ClickAsync();
        await Assertions.Expect(duty.GetByTestId("warning-headline")).ToHaveTextAsync(headline);
        var id = new Uri(duty.Url).AbsolutePath.Split('/').Last();

        var cap = await PublishAndReadCapAsync(id);
        var polygon = System.Xml.Linq.XDocument.Parse(cap).Descendants().Single(e => e.Name.LocalName == "polygon").Value;
        var points = polygon.Split(' ').Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.Equal(drawn.Count + 1, points.Count);
        Assert.Equal(points[0], points[^1]);
        for (var i = 0; i < drawn.Count; i++)
        {
            Assert.Equal(drawn[i].Lat, points[i][0], 0.000006);
            Assert.Equal(drawn[i].Lon, points[i][1], 0.000006);
        }
    }

    [Fact]
    public async Task A_circle_drawn_on_the_warning_form_is_the_circle_of_the_stored_cap()
    {
        const string headline = "昆都仑区气象台发布大风蓝色预警（绘制圆形区域）";
        var duty = await browser.SignInAsync("duty.150203");
        await duty.GotoAsync("/warnings/new");
        await BrowserFixture.ReadyAsync(duty);
        await duty.Locator("[data-testid=draft-event] .ant-select-selector").ClickAsync();
        await duty.Locator(".ant-select-item-option").Filter(new() { HasText = "暴雨" }).ClickAsync();
        await duty.GetByTestId("draft-level").GetByText("蓝色", new() { Exact = true }).ClickAsync();
        await duty.GetByTestId("draft-headline").FillAsync(headline);
        await duty.Locator("[data-testid=draft-description] textarea").FillAsync("预计未来12小时内昆都仑区北部山区将出现6级以上大风。");
        await duty.Locator("[data-testid=draft-instruction] textarea").FillAsync("加固围板、棚架等易被风吹动的搭建物。");

        await Assertions.Expect(duty.Locator("[data-testid=draft-map][data-map-ready=true]")).ToHaveCountAsync(1);
        await duty.EvaluateAsync("() => { window.beaconMap.map.jumpTo({ center: [109.80, 40.68], zoom: 10 }); }");
        await duty.GetByTestId("draft-circle-start").Locator("button").ClickAsync();
        await Assertions.Expect(duty.GetByTestId("draft-circle-hint")).ToBeVisibleAsync();
        await DrawingCursorAsync(duty);
        var map = (await duty.GetByTestId("draft-map").BoundingBoxAsync())!;
        var aimed = new List<(double Lat, double Lon)>();
        foreach (var (x, y) in new (float X, float Y)[] { (200, 150), (320, 190) })
        {
            await duty.Mouse.ClickAsync(map.X + x, map.Y + y);
            var at = await duty.EvaluateAsync<JsonElement>($"() => {{ const p = window.beaconMap.map.unproject([{x}, {y}]); return [p.lat, p.lng]; }}");
            aimed.Add((at[0].GetDouble(), at[1].GetDouble()));
        }

        // The circle as the page filled it: the centre under the first click, the radius to the second (within a pixel).
        var circle = duty.Locator("[data-testid=draft-circle] input");
        await Assertions.Expect(circle).Not.ToHaveValueAsync("");
        var (lat, lon, km) = ParseCircle(await circle.InputValueAsync());
        var expectedKm = Haversine(aimed[0].Lat, aimed[0].Lon, aimed[1].Lat, aimed[1].Lon);
        Assert.Equal(aimed[0].Lat, lat, 0.002);
        Assert.Equal(aimed[0].Lon, lon, 0.002);
        Assert.True(Math.Abs(expectedKm - km) < 0.3, $"radius {km} km, aimed {expectedKm} km");
        Assert.InRange(km, 5, 30);
        await Assertions.Expect(duty.GetByTestId("draft-circle-start")).ToBeVisibleAsync();

        await duty.GetByTestId("draft-save").Locator("button").ClickAsync();
        await Assertions.Expect(duty.GetByTestId("warning-headline")).ToHaveTextAsync(headline);
        var id = new Uri(duty.Url).AbsolutePath.Split('/').Last();

        var cap = await PublishAndReadCapAsync(id);
        var stored = ParseCircle(System.Xml.Linq.XDocument.Parse(cap).Descendants().Single(e => e.Name.LocalName == "circle").Value);
        Assert.Equal(lat, stored.Lat, 0.000006);
        Assert.Equal(lon, stored.Lon, 0.000006);
        Assert.Equal(km, stored.Km, 0.0006);
    }

    private static (double Lat, double Lon, double Km) ParseCircle(string text)
    {
        var parts = text.Trim().Split(' ');
        var centre = parts[0].Split(',');
        static double D(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return (D(centre[0]), D(centre[1]), D(parts[1]));
    }

    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * 6371.0088 * Math.Asin(Math.Sqrt(h));
    }

    private KestrelBeacon Beacon => browser.Beacon;

    private static async Task<ConcurrentBag<string>> BlockEverythingButAsync(IPage page, params Uri[] allowed)
    {
        var foreign = new ConcurrentBag<string>();
        await page.Context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob" || allowed.Any(a => a.Scheme == url.Scheme && a.Host == url.Host && a.Port == url.Port))
            {
                await route.ContinueAsync();
            }
            else
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        return foreign;
    }

    private static async Task WaitAsync(IPage page, string predicate) =>
        await page.WaitForFunctionAsync(predicate, null, new() { Timeout = TestTimeouts.ExpectationMilliseconds, PollingInterval = 200 });

    private async Task<HttpClient> ApiAsync(string user)
    {
        var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, user, Platform.Seeding.DemoAccounts.Password);
        return api;
    }

    private async Task<string> ReportAsync(string title, double latitude, double longitude)
    {
        using var duty = await ApiAsync("duty.150203");
        var created = await duty.PostJsonAsync("/api/v1/incidents", new Dictionary<string, object?>
        {
            ["title"] = title,
            ["eventTypeCode"] = "12C01",
            ["severity"] = "II",
            ["isSensitive"] = false,
            ["occurredAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-3),
            ["learnedAt"] = Beacon.Clock.GetUtcNow().AddMinutes(-1),
            ["locationCode"] = "150203",
            ["latitude"] = latitude,
            ["longitude"] = longitude,
            ["source"] = "Phone",
            ["narrative"] = "煤气泄漏，已疏散周边人员。",
            ["signer"] = "值班员",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        return (await created.JsonAsync()).GetProperty("id").GetString()!;
    }

    private async Task<string> PublishAndReadCapAsync(string id)
    {
        using var reader = await ApiAsync("duty.150203");
        var warning = await (await reader.GetAsync($"/api/v1/warnings/{id}", Ct)).JsonAsync();
        warning = await ReleaseAsync(warning, "150203");
        Assert.Equal("Published", warning.GetProperty("stage").GetString());
        return await reader.GetStringAsync($"/api/v1/warnings/{id}/cap", Ct);
    }

    private async Task<string> PublishWarningAsync(string code, string level, string headline)
    {
        var now = Beacon.Clock.GetUtcNow();
        using var duty = await ApiAsync($"duty.{code}");
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
        return (await ReleaseAsync(await created.JsonAsync(), code)).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> ReleaseAsync(JsonElement warning, string code)
    {
        foreach (var (user, step, body) in new (string, string, object)[] { ($"duty.{code}", "submit", new { }), ($"onduty.{code}", "review", new { approve = true }), ($"leader.{code}", "sign-off", new { }) })
        {
            using var client = await ApiAsync(user);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.GetProperty("id").GetString()}/{step}")
            {
                Content = JsonContent.Create(body, options: BeaconFactory.Json),
            };
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.GetProperty("version").GetInt32()}\""));
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {await response.Content.ReadAsStringAsync(Ct)}");
            warning = await response.JsonAsync();
        }

        return warning;
    }

    /// <summary>A tiny XYZ tile server on a free loopback port: every tile is the same small PNG; it records what it was asked.</summary>
    private sealed class TileServer : IDisposable
    {
        private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
        private readonly HttpListener _listener = new();

        public TileServer()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Address = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Address.ToString());
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri Address { get; }

        public ConcurrentBag<string> Requests { get; } = [];

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Requests.Add(context.Request.Url!.PathAndQuery);
                context.Response.ContentType = "image/png";
                context.Response.AddHeader("Access-Control-Allow-Origin", "*");
                await context.Response.OutputStream.WriteAsync(Png);
                context.Response.Close();
            }
        }
    }

    /// <summary>
    /// Waits for the crosshair over the map, as a person waits to see it before clicking: the page asks the map to start
    /// drawing over the server's connection, so a click made before that arrives is an ordinary click on the map, not a
    /// corner (a CI run lost its first corner so: 3 corners drawn of 4 clicked).
    /// </summary>
    private static async Task DrawingCursorAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.beaconMap.map.getCanvas().style.cursor === 'crosshair'");
}
