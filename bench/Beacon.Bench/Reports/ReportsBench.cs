using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace Beacon.Bench.Reports;

/// <summary>
/// Issue 3, acceptance 7: first reports (<c>POST /api/v1/incidents</c>) under an open-loop load on SQLite and on
/// PostgreSQL, with a duty-board hub client as the region receiving each report, next to a bare minimal-API insert
/// (bench/Beacon.Bench.Baseline) measured the same way in the same run. Prints a table, the ratios and PASS/FAIL
/// per goal; exits 1 only when an app could not be started or prepared.
/// </summary>
internal static class ReportsBench
{
    private const double AcceptedGoal = 1000;
    private const double LatencyP99GoalMs = 100;
    private const double BoardP99GoalMs = 1000;
    private const double CapacityRatioGoal = 0.3;

    public const string Usage = """
        usage: dotnet run -c Release --project bench/Beacon.Bench -- reports [options]
          --beacon PATH      Beacon.Web.dll (published; bench/run.sh reports does it)
          --baseline PATH    Beacon.Bench.Baseline.dll
          --rate N           first reports per second offered (default 1000)
          --warmup SECONDS   load before measuring, not counted (default 60)
          --warmup-rate N    first reports per second during the warm-up (default: the lower of --rate and 100)
          --duration SECONDS measured load (default 20)
          --counties N       reporting counties, one API token each (default 40)
          --providers LIST   sqlite,postgres (default both)
          --dotnet PATH      the dotnet host (default: dotnet on PATH)
          --burn             a CPU burner on one core (a spinning process) for the whole run
          --capacity         instead of one rate: the highest offered rate at which p99 stays under 100 ms with every
                             report accepted, for Beacon and the baseline on each database, and Beacon's share of it
          --capacity-start N first rate tried (default 250/s); doubled while it holds, then halved --capacity-steps times
          --capacity-max N   highest rate tried (default 8000/s)
          --capacity-steps N bisection steps between the last rate held and the first missed (default 3)
          --probe SECONDS    measured time per rate tried (default 10)
          --beacon-only      capacity mode without the baseline (for trying a change; no ratio, not a figure of record)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var odd = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--burn" or "--capacity" or "--beacon-only")
            {
                flags.Add(args[i][2..]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                o[args[i][2..]] = args[++i];
            }
            else
            {
                odd = true;
            }
        }

        if (odd || !o.TryGetValue("beacon", out var beaconDll) || !o.TryGetValue("baseline", out var baselineDll))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        double Num(string name, double fallback) => o.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var rate = Num("rate", 1000);
        var warmup = TimeSpan.FromSeconds(Num("warmup", 60));
        var warmupRate = Num("warmup-rate", Math.Min(rate, 100));
        var duration = TimeSpan.FromSeconds(Num("duration", 20));
        var counties = (int)Num("counties", 40);
        var dotnet = o.GetValueOrDefault("dotnet", "dotnet");
        var providers = o.GetValueOrDefault("providers", "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var burner = flags.Contains("burn") ? CpuBurner.Start() : null;
        if (flags.Contains("capacity"))
        {
            var search = new CapacitySearch(Num("capacity-start", 250), Num("capacity-max", 8000), (int)Num("capacity-steps", 3),
                TimeSpan.FromSeconds(Num("probe", 10)), LatencyP99GoalMs);
            return await CapacityAsync(dotnet, beaconDll, baselineDll, providers, search, warmup, Math.Min(100, search.Start), counties, burner is not null,
                flags.Contains("beacon-only"));
        }

        Console.WriteLine($"First reports under load: {rate:0}/s offered (open loop), {warmup.TotalSeconds:0} s warm-up at {warmupRate:0}/s + {duration.TotalSeconds:0} s measured, {counties} counties");
        Console.WriteLine($"  machine:  {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"  beacon:   {beaconDll}");
        Console.WriteLine($"  baseline: {baselineDll}");
        Console.WriteLine($"  load average before: {LoadAverages()}");
        Console.WriteLine(burner is null ? "  CPU burner: none" : "  CPU burner: one spinning process beside the run (--burn)");
        var results = new List<LoadResult>();
        foreach (var provider in providers)
        {
            ThrowawayPostgres? pg = null;
            try
            {
                if (provider == "postgres")
                {
                    var bin = ThrowawayPostgres.FindBin();
                    if (bin is null)
                    {
                        Console.WriteLine("  postgres: no binaries under /usr/lib/postgresql; lane skipped (FAIL)");
                        continue;
                    }

                    pg = await ThrowawayPostgres.StartAsync(bin);
                    Console.WriteLine($"  postgres: throwaway cluster on port {pg.Port} (fsync on, synchronous_commit on)");
                }

                results.Add(await RunBeaconAsync(dotnet, beaconDll, provider, pg, rate, warmup, warmupRate, duration, counties));
                Print(results[^1]);
                results.Add(await RunBaselineAsync(dotnet, baselineDll, provider, pg, rate, warmup, warmupRate, duration));
                Print(results[^1]);
            }
            finally
            {
                if (pg is not null)
                {
                    await pg.DisposeAsync();
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"  load average after: {LoadAverages()}");
        Console.WriteLine();
        Summary(results);
        return 0;
    }

    private static async Task<LoadResult> RunBeaconAsync(string dotnet, string dll, string provider, ThrowawayPostgres? pg, double rate, TimeSpan warmup, double warmupRate, TimeSpan duration, int countyCount)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-bench-reports-").FullName;
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Beacon__Demo"] = "false",
            ["Beacon__DataFolder"] = folder,
            ["Beacon__Database__Provider"] = pg is null ? "Sqlite" : "Postgres",
            ["Beacon__Database__ConnectionString"] = pg is null ? "" : await pg.CreateDatabaseAsync("beacon"),
        };
        try
        {
            await CliAsync(dotnet, dll, env, "migrate");
            await CliAsync(dotnet, dll, env, "seed");
            var region = Secrets(await CliAsync(dotnet, dll, env, "create-token", "--name", "bench-board", "--jurisdiction", "150000", "--roles", "DutyOfficer", "--days", "1")).Single();
            await using var app = await AppProcess.StartAsync(dotnet, dll, env);
            var codes = await CountyCodesAsync(app.Url, region, countyCount);
            var secrets = Secrets(await CliAsync(dotnet, dll, env, "create-token", "--name", "bench", "--jurisdiction", string.Join(',', codes), "--roles", "DutyOfficer", "--days", "1"));
            var reporters = codes.Zip(secrets, (code, secret) => new Reporter(secret, code)).ToList();
            Console.WriteLine($"  Beacon on {provider}: {reporters.Count} county tokens, board connected as the region; load running…");
            return await new OpenLoopLoad(app.Url, reporters, region, rate, warmup, duration, warmupRate, app.CpuTime, () => pg?.CpuTime() ?? TimeSpan.Zero,
                () => MetricsAsync(app.Url)).RunAsync("Beacon", provider);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    private static async Task<LoadResult> RunBaselineAsync(string dotnet, string dll, string provider, ThrowawayPostgres? pg, double rate, TimeSpan warmup, double warmupRate, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("beacon-bench-baseline-").FullName;
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Baseline__Provider"] = pg is null ? "Sqlite" : "Postgres",
            ["Baseline__ConnectionString"] = pg is null ? $"Data Source={Path.Combine(folder, "baseline.db")};Pooling=true" : await pg.CreateDatabaseAsync("baseline"),
        };
        try
        {
            await using var app = await AppProcess.StartAsync(dotnet, dll, env);
            Console.WriteLine($"  baseline on {provider}: load running…");
            var reporters = Enumerable.Range(0, 40).Select(i => new Reporter(null, "150203")).ToList();
            return await new OpenLoopLoad(app.Url, reporters, null, rate, warmup, duration, warmupRate, app.CpuTime, () => pg?.CpuTime() ?? TimeSpan.Zero).RunAsync("baseline", provider);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// The capacity mode: for each database, Beacon and then the baseline, each started once and warmed up once (at the warm-up
    /// rate), then probed at rates chosen by <paramref name="search"/>, with a pause between probes so one probe's backlog does
    /// not spill into the next. Prints every probe, then each app's capacity and Beacon's share of the baseline's.
    /// </summary>
    private static async Task<int> CapacityAsync(string dotnet, string beaconDll, string baselineDll, string[] providers, CapacitySearch search,
        TimeSpan warmup, double warmupRate, int countyCount, bool burning, bool beaconOnly)
    {
        Console.WriteLine($"First reports, capacity: highest offered rate with p99 < {search.P99GoalMs:0} ms and every report accepted; from {search.Start:0}/s doubling up to {search.Max:0}/s, then {search.Steps} bisections; {search.Probe.TotalSeconds:0} s per rate after one {warmup.TotalSeconds:0} s warm-up at {warmupRate:0}/s");
        Console.WriteLine($"  machine:  {Environment.ProcessorCount} processors, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"  load average before: {LoadAverages()}");
        Console.WriteLine(burning ? "  CPU burner: one spinning process beside the run (--burn)" : "  CPU burner: none");
        var capacities = new List<(string Provider, double Beacon, double Baseline)>();
        foreach (var provider in providers)
        {
            ThrowawayPostgres? pg = null;
            try
            {
                if (provider == "postgres")
                {
                    var bin = ThrowawayPostgres.FindBin();
                    if (bin is null)
                    {
                        Console.WriteLine("  postgres: no binaries under /usr/lib/postgresql; lane skipped (FAIL)");
                        continue;
                    }

                    pg = await ThrowawayPostgres.StartAsync(bin);
                }

                var beacon = await ProbeAppAsync("Beacon", provider, search, warmup, warmupRate, async probe =>
                {
                    var folder = Directory.CreateTempSubdirectory("beacon-bench-reports-").FullName;
                    var env = new Dictionary<string, string>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Production",
                        ["Beacon__Demo"] = "false",
                        ["Beacon__DataFolder"] = folder,
                        ["Beacon__Database__Provider"] = pg is null ? "Sqlite" : "Postgres",
                        ["Beacon__Database__ConnectionString"] = pg is null ? "" : await pg.CreateDatabaseAsync("beacon"),
                    };
                    try
                    {
                        await CliAsync(dotnet, beaconDll, env, "migrate");
                        await CliAsync(dotnet, beaconDll, env, "seed");
                        var region = Secrets(await CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench-board", "--jurisdiction", "150000", "--roles", "DutyOfficer", "--days", "1")).Single();
                        await using var app = await AppProcess.StartAsync(dotnet, beaconDll, env);
                        var codes = await CountyCodesAsync(app.Url, region, countyCount);
                        var secrets = Secrets(await CliAsync(dotnet, beaconDll, env, "create-token", "--name", "bench", "--jurisdiction", string.Join(',', codes), "--roles", "DutyOfficer", "--days", "1"));
                        var reporters = codes.Zip(secrets, (code, secret) => new Reporter(secret, code)).ToList();
                        return await probe((rate, w, wr, d) => new OpenLoopLoad(app.Url, reporters, region, rate, w, d, wr, app.CpuTime, () => pg?.CpuTime() ?? TimeSpan.Zero,
                            () => MetricsAsync(app.Url)).RunAsync("Beacon", provider));
                    }
                    finally
                    {
                        TryDelete(folder);
                    }
                });
                var baseline = beaconOnly ? double.NaN : await ProbeAppAsync("baseline", provider, search, warmup, warmupRate, async probe =>
                {
                    var folder = Directory.CreateTempSubdirectory("beacon-bench-baseline-").FullName;
                    var env = new Dictionary<string, string>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Production",
                        ["Baseline__Provider"] = pg is null ? "Sqlite" : "Postgres",
                        ["Baseline__ConnectionString"] = pg is null ? $"Data Source={Path.Combine(folder, "baseline.db")};Pooling=true" : await pg.CreateDatabaseAsync("baseline"),
                    };
                    try
                    {
                        await using var app = await AppProcess.StartAsync(dotnet, baselineDll, env);
                        var reporters = Enumerable.Range(0, 40).Select(_ => new Reporter(null, "150203")).ToList();
                        return await probe((rate, w, wr, d) => new OpenLoopLoad(app.Url, reporters, null, rate, w, d, wr, app.CpuTime, () => pg?.CpuTime() ?? TimeSpan.Zero)
                            .RunAsync("baseline", provider));
                    }
                    finally
                    {
                        TryDelete(folder);
                    }
                });
                capacities.Add((provider, beacon, baseline));
            }
            finally
            {
                if (pg is not null)
                {
                    await pg.DisposeAsync();
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine($"  load average after: {LoadAverages()}");
        Console.WriteLine();
        Console.WriteLine($"| database | Beacon capacity /s | baseline capacity /s | Beacon/baseline | goal ≥ {CapacityRatioGoal:0.0} |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
        foreach (var (provider, beacon, baseline) in capacities)
        {
            var ratio = baseline > 0 ? beacon / baseline : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {provider} | {beacon:0} | {baseline:0} | {ratio:0.00} | {Verdict(ratio >= CapacityRatioGoal)} |"));
        }

        return 0;
    }

    /// <summary>One app started by <paramref name="run"/>, which hands a probe function to the search and returns its answer.</summary>
    private static async Task<double> ProbeAppAsync(string app, string provider, CapacitySearch search, TimeSpan warmup, double warmupRate,
        Func<Func<Func<double, TimeSpan, double, TimeSpan, Task<LoadResult>>, Task<double>>, Task<double>> run)
    {
        Console.WriteLine($"  {app} on {provider}: starting…");
        return await run(async load =>
        {
            var first = true;
            return await search.FindAsync(async rate =>
            {
                var result = await load(rate, first ? warmup : TimeSpan.Zero, warmupRate, search.Probe);
                first = false;
                var holds = search.Holds(result);
                Print(result);
                Console.WriteLine($"      {app} {provider} at {rate:0}/s: {(holds ? "holds" : "missed")}");
                // Let the server finish what is left (its queue, checkpoints, the collector) before the next rate.
                await Task.Delay(TimeSpan.FromSeconds(5));
                return holds;
            });
        });
    }

    /// <summary>Beacon's <c>/metrics</c> (served to loopback), or nothing if it cannot be read.</summary>
    internal static async Task<string> MetricsAsync(Uri server)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
            return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            return "";
        }
        catch (TaskCanceledException)
        {
            return "";
        }
    }

    /// <summary>The first <paramref name="count"/> counties of the region, as the region's token sees them.</summary>
    internal static async Task<List<string>> CountyCodesAsync(Uri server, string secret, int count)
    {
        using var http = new HttpClient { BaseAddress = server };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/v1/jurisdictions", UriKind.Relative)));
        var codes = new List<string>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray())
                {
                    Walk(x);
                }
            }
            else if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("level", out var level) && level.ToString() is "County" or "3"
                    && e.TryGetProperty("code", out var code))
                {
                    codes.Add(code.GetString()!);
                }

                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
                    {
                        Walk(p.Value);
                    }
                }
            }
        }

        Walk(json.RootElement);
        if (codes.Count == 0)
        {
            throw new InvalidOperationException("no counties in /api/v1/jurisdictions");
        }

        return [.. codes.Distinct().Order(StringComparer.Ordinal).Take(count)];
    }

    internal static List<string> Secrets(string output) =>
        [.. output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Secret", StringComparison.Ordinal)).Select(l => l.Split(' ')[^1])];

    internal static async Task<string> CliAsync(string dotnet, string dll, Dictionary<string, string> env, params string[] args)
    {
        var psi = AppProcess.Start(dotnet, dll, env, args);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{args[0]} failed ({p.ExitCode}): {await stderr}{await stdout}");
        }

        return await stdout;
    }

    internal static void Print(LoadResult r)
    {
        Console.WriteLine($"    {r.App,-8} {r.Provider,-8} accepted {r.AcceptedPerSecond,7:0.0}/s of {r.OfferedPerSecond:0}/s  errors {r.Errors}" +
            $"  latency p50 {P(r.LatencyMs, 50),6:0.0}  p99 {P(r.LatencyMs, 99),7:0.0}  max {P(r.LatencyMs, 100),7:0.0} ms" +
            $"  board p99 {P(r.BoardDelayMs, 99),7:0.0} ms  missing {r.BoardMissing}  CPU {r.CpuMsPerReport:0.00} ms/report (database {r.DbCpuMsPerReport:0.00})  (load {r.LoadBefore:0.00} → {r.LoadAfter:0.00})");
        if (r.ErrorSummary.Length > 0)
        {
            Console.WriteLine($"      errors: {r.ErrorSummary}");
        }

        Console.WriteLine($"      per 5 s (201s/scheduled, p99 ms): {r.Timeline}");
        if (r.WritePath.Length > 0)
        {
            Console.WriteLine($"      write path (measured window): {r.WritePath}");
        }
    }

    private static void Summary(List<LoadResult> results)
    {
        Console.WriteLine("| database | app | accepted/s | errors | p50 ms | p95 ms | p99 ms | max ms | board p50 ms | board p99 ms | board max ms | board missing | server CPU ms/report | database CPU ms/report |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Provider} | {r.App} | {r.AcceptedPerSecond:0.0} | {r.Errors} | {F(r.LatencyMs, 50)} | {F(r.LatencyMs, 95)} | {F(r.LatencyMs, 99)} | {F(r.LatencyMs, 100)} " +
                $"| {F(r.BoardDelayMs, 50)} | {F(r.BoardDelayMs, 99)} | {F(r.BoardDelayMs, 100)} | {r.BoardMissing} | {r.CpuMsPerReport:0.00} | {r.DbCpuMsPerReport:0.00} |");
        }

        Console.WriteLine();
        foreach (var provider in results.Select(r => r.Provider).Distinct())
        {
            var beacon = results.FirstOrDefault(r => r.Provider == provider && r.App == "Beacon");
            var baseline = results.FirstOrDefault(r => r.Provider == provider && r.App == "baseline");
            if (beacon is null)
            {
                continue;
            }

            if (baseline is not null)
            {
                Console.WriteLine($"{provider}: ratio Beacon/baseline  latency p50 {Ratio(P(beacon.LatencyMs, 50), P(baseline.LatencyMs, 50))}  p99 {Ratio(P(beacon.LatencyMs, 99), P(baseline.LatencyMs, 99))}" +
                    $"  board p99 {Ratio(P(beacon.BoardDelayMs, 99), P(baseline.BoardDelayMs, 99))}  accepted/s {Ratio(beacon.AcceptedPerSecond, baseline.AcceptedPerSecond)}");
            }

            Console.WriteLine($"{provider}: goal ≥ {AcceptedGoal:0} accepted/s, no errors   {beacon.AcceptedPerSecond:0.0}/s, {beacon.Errors} errors   {Verdict(beacon.AcceptedPerSecond >= AcceptedGoal * 0.999 && beacon.Errors == 0)}");
            Console.WriteLine($"{provider}: goal p99 latency < {LatencyP99GoalMs:0} ms          {P(beacon.LatencyMs, 99):0.0} ms   {Verdict(P(beacon.LatencyMs, 99) < LatencyP99GoalMs)}");
            Console.WriteLine($"{provider}: goal board p99 < {BoardP99GoalMs:0} ms, none missing  {P(beacon.BoardDelayMs, 99):0.0} ms, {beacon.BoardMissing} missing   {Verdict(P(beacon.BoardDelayMs, 99) < BoardP99GoalMs && beacon.BoardMissing == 0)}");
        }
    }

    private static string Verdict(bool ok) => ok ? "PASS" : "FAIL";

    internal static string Ratio(double a, double b) => b > 0 && !double.IsNaN(a) ? (a / b).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "–";

    private static string F(double[] sorted, double p) => sorted.Length == 0 ? "–" : P(sorted, p).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Nearest-rank percentile of sorted values; 100 is the maximum.</summary>
    internal static double P(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    internal static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A started app (Beacon or the baseline) on a free loopback port, ready; killed at dispose.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AppProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The CPU time the server process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public static ProcessStartInfo Start(string dotnet, string dll, Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in psi.Environment.Keys.Where(n => n.StartsWith("Beacon__", StringComparison.OrdinalIgnoreCase)
            || n.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || n.StartsWith("Baseline__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(name);
        }

        // The load comes from one address with one token: the limits per source and per token (decision 0015) would
        // answer 429 long before the goals are reached, so a benchmark lifts them, as spreading the load would.
        psi.Environment["Beacon__RateLimits__TokenPermitsPerSource"] = "100000000";
        psi.Environment["Beacon__RateLimits__TokenPermitsPerToken"] = "100000000";
        psi.Environment["Beacon__RateLimits__SignInPermits"] = "100000";
        psi.Environment["Beacon__RateLimits__PublicPermits"] = "100000000";
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        // An experiment's setting for the app (BENCH_SET_Beacon__Database__GroupCommitMaxBatch=200): printed, never silent.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("BENCH_SET_", StringComparison.Ordinal)))
        {
            psi.Environment[name["BENCH_SET_".Length..]] = Environment.GetEnvironmentVariable(name);
            if (args.Contains("--urls"))
            {
                Console.WriteLine($"  setting for the app: {name["BENCH_SET_".Length..]}={Environment.GetEnvironmentVariable(name)}");
            }
        }

        return psi;
    }

    public static async Task<AppProcess> StartAsync(string dotnet, string dll, Dictionary<string, string> env)
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((IPEndPoint)l.LocalEndpoint).Port;
        }

        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var process = new Process { StartInfo = Start(dotnet, dll, env, "--urls", url.ToString().TrimEnd('/')) };
        var app = new AppProcess(process, url);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await http.GetAsync(new Uri(url, "health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await app.DisposeAsync();
        throw new InvalidOperationException($"{Path.GetFileName(dll)} did not become ready:\n{string.Join('\n', app._output.TakeLast(30))}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 200)
            {
                _output.RemoveAt(0);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
