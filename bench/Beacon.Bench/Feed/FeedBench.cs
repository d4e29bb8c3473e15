using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Bench.Reports;

namespace Beacon.Bench.Feed;

/// <summary>
/// Issue 4, acceptance 6 (the feed half): the public Atom feed <c>/public/warnings.atom</c> read without signing in,
/// with 20 active warnings published through the real release flow, by a closed loop of concurrent readers — plain
/// reads and conditional reads (If-None-Match → 304) — next to a bare minimal API serving a fixed document of the same
/// size. Prints requests per second, latency percentiles and the ratio to the baseline; goal ≥ 2,000 req/s.
/// </summary>
internal static class FeedBench
{
    private const double Goal = 2000;

    public const string Usage = """
        usage: dotnet run -c Release --project bench/Beacon.Bench -- feed --beacon PATH --baseline PATH [--readers N] [--warmup S] [--duration S] [--dotnet PATH]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        if (!o.TryGetValue("beacon", out var beaconDll) || !o.TryGetValue("baseline", out var baselineDll))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        int Num(string name, int fallback) => o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var readers = Num("readers", 32);
        var warmup = TimeSpan.FromSeconds(Num("warmup", 10));
        var duration = TimeSpan.FromSeconds(Num("duration", 20));
        var dotnet = o.GetValueOrDefault("dotnet", "dotnet");
        Console.WriteLine($"Public warnings feed: {readers} concurrent readers (closed loop), {warmup.TotalSeconds:0} s warm-up + {duration.TotalSeconds:0} s measured per case");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {ReportsBench.LoadAverages()}");

        var results = new List<(string App, string Case, double PerSecond, double[] Ms, int Errors)>();
        void Add(string app, string kind, (double PerSecond, double[] Ms, int Errors) r) => results.Add((app, kind, r.PerSecond, r.Ms, r.Errors));
        var folder = Directory.CreateTempSubdirectory("beacon-bench-feed-").FullName;
        try
        {
            var env = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Beacon__Demo"] = "false",
                ["Beacon__DataFolder"] = folder,
                ["Beacon__Database__Provider"] = "Sqlite",
                // One bench token drafts, reviews and signs off: the benchmark is about reading, not about who signs.
                ["Beacon__Warnings__SeparateDuties"] = "false",
            };
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "migrate");
            await ReportsBench.CliAsync(dotnet, beaconDll, env, "seed");
            var secret = ReportsBench.Secrets(await ReportsBench.CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-warnings", "--jurisdiction", "150000",
                "--roles", "DutyOfficer,LeaderOnDuty,Leader", "--days", "1")).Single();
            await using (var beacon = await AppProcess.StartAsync(dotnet, beaconDll, env))
            {
                var published = await PublishAsync(beacon.Url, secret, 20);
                Console.WriteLine($"  Beacon: {published} warnings published through draft → review → sign-off; reading…");
                Add("Beacon", "full", await LoadAsync(beacon.Url, readers, warmup, duration, conditional: false));
                Add("Beacon", "304", await LoadAsync(beacon.Url, readers, warmup, duration, conditional: true));
            }

            await using (var baseline = await AppProcess.StartAsync(dotnet, baselineDll, new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Baseline__Provider"] = "Sqlite",
                ["Baseline__ConnectionString"] = $"Data Source={Path.Combine(folder, "baseline.db")};Pooling=true",
            }))
            {
                Console.WriteLine("  baseline: reading…");
                Add("baseline", "full", await LoadAsync(baseline.Url, readers, warmup, duration, conditional: false));
                Add("baseline", "304", await LoadAsync(baseline.Url, readers, warmup, duration, conditional: true));
            }
        }
        finally
        {
            ReportsBench.TryDelete(folder);
        }

        Console.WriteLine();
        Console.WriteLine("| app | reads | req/s | errors | p50 ms | p99 ms | max ms |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.App} | {r.Case} | {r.PerSecond:0} | {r.Errors} | {ReportsBench.P(r.Ms, 50):0.0} | {ReportsBench.P(r.Ms, 99):0.0} | {ReportsBench.P(r.Ms, 100):0.0} |");
        }

        Console.WriteLine();
        foreach (var c in new[] { "full", "304" })
        {
            var b = results.Single(r => r.App == "Beacon" && r.Case == c);
            var baseRate = results.Single(r => r.App == "baseline" && r.Case == c).PerSecond;
            Console.WriteLine($"{c}: Beacon {b.PerSecond:0} req/s = {b.PerSecond / baseRate:0.00}× baseline; goal ≥ {Goal:0} req/s, no errors: {(b.PerSecond >= Goal && b.Errors == 0 ? "PASS" : "FAIL")}");
        }

        Console.WriteLine($"  load average after: {ReportsBench.LoadAverages()}");
        return 0;
    }

    private static async Task<int> PublishAsync(Uri server, string secret, int count)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var counties = new[] { "150102", "150203", "150302", "150402", "150502", "150602", "150702", "150802", "150902", "152201" };
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var draft = await Json(await http.PostAsJsonAsync("api/v1/warnings", new
            {
                eventCode = "11B03",
                level = (i % 4) switch { 0 => "Red", 1 => "Orange", 2 => "Yellow", _ => "Blue" },
                expiresAt = now.AddDays(2),
                headline = $"某某区气象台发布暴雨预警 {i}",
                description = "预计未来6小时内将出现50毫米以上降雨，局地伴有雷电和短时大风。",
                instruction = "做好防暴雨准备工作。",
                areas = new[] { new { divisionCode = counties[i % counties.Length] } },
            }));
            foreach (var (step, body) in new (string, object)[] { ("submit", new { }), ("review", new { approve = true }), ("sign-off", new { }) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/warnings/{draft.GetProperty("id").GetGuid()}/{step}") { Content = JsonContent.Create(body) };
                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{draft.GetProperty("version").GetInt32()}\""));
                draft = await Json(await http.SendAsync(request));
            }
        }

        return count;

        static async Task<JsonElement> Json(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
            }

            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task<(double PerSecond, double[] Ms, int Errors)> LoadAsync(Uri server, int readers, TimeSpan warmup, TimeSpan duration, bool conditional)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = readers, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var etag = (await http.GetAsync(new Uri("public/warnings.atom", UriKind.Relative))).Headers.ETag;
        var latencies = new List<double>[readers];
        var errors = 0;
        var measuring = false;
        var stop = Stopwatch.StartNew();
        var end = warmup + duration;
        long measuredFrom = 0;
        await Task.WhenAll(Enumerable.Range(0, readers).Select(async r =>
        {
            latencies[r] = [];
            while (stop.Elapsed < end)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "public/warnings.atom");
                    if (conditional && etag is not null)
                    {
                        request.Headers.IfNoneMatch.Add(etag);
                    }

                    using var response = await http.SendAsync(request);
                    await response.Content.CopyToAsync(Stream.Null);
                    var ok = response.StatusCode == (conditional ? HttpStatusCode.NotModified : HttpStatusCode.OK);
                    if (Volatile.Read(ref measuring) && !ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }

                if (!measuring && stop.Elapsed >= warmup)
                {
                    lock (latencies)
                    {
                        if (!measuring)
                        {
                            measuredFrom = Stopwatch.GetTimestamp();
                            Volatile.Write(ref measuring, true);
                        }
                    }
                }
                else if (measuring)
                {
                    latencies[r].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return (all.Length / seconds, all, errors);
    }
}
