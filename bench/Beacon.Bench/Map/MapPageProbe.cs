using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Beacon.Bench.Map;

/// <summary>
/// What the situational map page cost in headless Chromium, with the incident layer on and (the baseline) off, after the
/// same pans once as a warm-up (<see cref="First"/>, printed but not judged).
/// </summary>
internal sealed record BrowserFigures(
    int Points,
    double MapReadyMs,
    double LayerDrawnMs,
    double IdleMs,
    double LoadLongestTaskMs,
    double LoadLongTasksMs,
    Frames First,
    Frames With,
    Frames Without)
{
    /// <summary>Interaction to next paint is "good" under 200 ms (web.dev); no task while panning may block longer than that.</summary>
    public const double LongestTaskGoalMs = 200;

    public string Verdict() => With.LongestTaskMs < LongestTaskGoalMs && LoadLongestTaskMs < 1000
        ? $"PASS (longest task while panning {With.LongestTaskMs.ToString("0", CultureInfo.InvariantCulture)} ms < {LongestTaskGoalMs:0} ms)"
        : $"FAIL (longest task while panning {With.LongestTaskMs.ToString("0", CultureInfo.InvariantCulture)} ms, while loading {LoadLongestTaskMs.ToString("0", CultureInfo.InvariantCulture)} ms)";

    public IEnumerable<string> Rows(string lane)
    {
        string R(string measure, string beacon, string baseline = "", string ratio = "") => $"| {lane} | {measure} | {beacon} | {baseline} | {ratio} |";
        static string F(double v) => v.ToString("0", CultureInfo.InvariantCulture);
        yield return R($"page: navigation → map ready / {Points:N0} incident points drawn / map idle (ms)", $"{F(MapReadyMs)} / {F(LayerDrawnMs)} / {F(IdleMs)}");
        yield return R("page: longest main-thread task while loading (ms; all long tasks together)", $"{F(LoadLongestTaskMs)} ({F(LoadLongTasksMs)})");
        yield return R($"page: frame time while panning and zooming p50 / p95 / max (ms; {With.Count} and {Without.Count} frames)",
            $"{F(With.P50)} / {F(With.P95)} / {F(With.Max)}", $"{F(Without.P50)} / {F(Without.P95)} / {F(Without.Max)} (layer off)",
            Without.P95 > 0 ? (Without.P95 / With.P95).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "");
        yield return R("page: longest main-thread task while panning and zooming (ms)", F(With.LongestTaskMs), F(Without.LongestTaskMs) + " (layer off)");
        yield return R("page: the same pans the first time, unmeasured warm-up (one-time costs): frame p95 / longest task (ms)", $"{F(First.P95)} / {F(First.LongestTaskMs)}");
    }
}

internal sealed record Frames(int Count, double P50, double P95, double Max, double LongestTaskMs);

/// <summary>
/// Signs in through the form as the region's duty officer (a demo account), opens <c>/map</c> (the last 24 hours: the
/// incident layer at its cap of 10,000 points), and measures with the page's own clocks: performance.now() at the map's
/// ready mark, at the layer drawn and at MapLibre's first idle after it; long tasks (PerformanceObserver
/// <c>longtask</c>, 50 ms or more); then, after the same pans once unmeasured (one-time costs of a first pan), requestAnimationFrame intervals while the map pans four ways and zooms in and out
/// twice, first with the incident layer shown and then with it hidden (the same page, the same pans: the baseline).
/// Chromium runs headless with SwiftShader (software WebGL), as in the browser tests: every frame is drawn by the CPU.
/// </summary>
internal static class MapPageProbe
{
    private const string ObserveLongTasks = """
        window.__longtasks = [];
        new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); })
            .observe({ type: 'longtask', buffered: true });
        """;

    private const string PanAndZoom = """
        async () => {
            const map = window.beaconMap.map;
            const since = performance.now();
            const frames = [];
            let last = null, running = true;
            const loop = t => { if (last !== null) frames.push(t - last); last = t; if (running) requestAnimationFrame(loop); };
            requestAnimationFrame(loop);
            const done = () => new Promise(r => map.once('moveend', r));
            const z = map.getZoom();
            const moves = [[300, 0], [0, 200], [-300, 0], [0, -200]];
            for (let round = 0; round < 2; round++) {
                for (const m of moves) { map.panBy(m, { duration: 400 }); await done(); }
                map.zoomTo(z + 2, { duration: 500 }); await done();
                for (const m of moves) { map.panBy(m, { duration: 400 }); await done(); }
                map.zoomTo(z, { duration: 500 }); await done();
            }
            running = false;
            await new Promise(r => setTimeout(r, 100));
            const tasks = window.__longtasks.filter(t => t.start >= since).map(t => t.duration);
            return { frames, longest: tasks.length ? Math.max(...tasks) : 0 };
        }
        """;

    public static async Task<BrowserFigures> RunAsync(string chromium, Uri server)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        context.SetDefaultTimeout(120_000);
        await context.AddInitScriptAsync(ObserveLongTasks);
        var page = await context.NewPageAsync();
        await page.GotoAsync("account/signin");
        await page.GetByTestId("signin-username").FillAsync("duty.150000");
        await page.GetByTestId("signin-password").FillAsync("Beacon@2026demo");
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.GetByTestId("home-welcome").WaitForAsync();

        // Once to warm the server and the browser's cache (scripts, boundaries), then the measured visit.
        await VisitAsync(page);
        var (ready, drawn, idle, points) = await VisitAsync(page);
        var loadTasks = (await page.EvaluateAsync<JsonElement>("() => window.__longtasks.map(t => t.duration)")).EnumerateArray().Select(e => e.GetDouble()).ToList();
        // The same pans once unmeasured first: the first pans and zooms of a page pay one-time costs in Chromium's own code
        // (about 250 ms against about 100 ms for the same pans again, 2026-12-03; not JavaScript: the sampled profile put the
        // main thread almost wholly outside it). Printed, not judged; the goal is the page in use, as the load is measured
        // on the second visit.
        var first = await PanAsync(page);
        var with = await PanAsync(page);
        await page.EvaluateAsync("() => { const m = window.beaconMap.map; for (const id of ['points-incidents', 'clusters-incidents']) m.setLayoutProperty(id, 'visibility', 'none'); }");
        var without = await PanAsync(page);
        return new BrowserFigures(points, ready, drawn, idle, loadTasks.DefaultIfEmpty(0).Max(), loadTasks.Sum(), first, with, without);
    }

    private static async Task<(double Ready, double Drawn, double Idle, int Points)> VisitAsync(IPage page)
    {
        await page.GotoAsync("map");
        var ready = await (await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=map][data-map-ready=true]') && performance.now()")).JsonValueAsync<double>();
        var drawn = await (await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=map][data-layer-incidents]') && performance.now()")).JsonValueAsync<double>();
        var idle = await page.EvaluateAsync<double>("() => new Promise(r => { const m = window.beaconMap.map; m.once('idle', () => r(performance.now())); m.triggerRepaint(); })");
        var points = await page.EvaluateAsync<int>("() => Number(document.querySelector('[data-testid=map]').getAttribute('data-layer-incidents'))");
        return (ready, drawn, idle, points);
    }

    private static async Task<Frames> PanAsync(IPage page)
    {
        var result = await page.EvaluateAsync<JsonElement>(PanAndZoom);
        var frames = result.GetProperty("frames").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
        double P(double p) => frames.Length == 0 ? 0 : frames[Math.Clamp((int)Math.Ceiling(p / 100 * frames.Length) - 1, 0, frames.Length - 1)];
        return new Frames(frames.Length, P(50), P(95), frames.Length == 0 ? 0 : frames[^1], result.GetProperty("longest").GetDouble());
    }
}
