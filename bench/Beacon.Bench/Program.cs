using System.Globalization;
using System.Runtime.InteropServices;

namespace Beacon.Bench;

/// <summary>
/// Measures what an operator waits for and what a server pays to keep Beacon running: time from process start
/// to the first 200 from <c>/health/ready</c> (cold: empty database, so migrations and seeding of the 116
/// jurisdictions and their units are included; warm: the same data folder again) and resident memory after
/// idling, next to a bare minimal API started the same way in the same run. Exits 1 only when a start crashed
/// or never became ready; a missed goal is reported as FAIL but is a figure, not a crash.
/// </summary>
internal static class Program
{
    private const double ColdStartGoalMs = 5000;
    private const double IdleRssGoalMib = 250;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["reports", .. var rest])
        {
            return await Reports.ReportsBench.RunAsync(rest);
        }

        if (args is ["dissemination", .. var disseminationArgs])
        {
            return await Dissemination.DisseminationBench.RunAsync(disseminationArgs);
        }

        if (args is ["resources", .. var resourcesArgs])
        {
            return await Resources.ResourcesBench.RunAsync(resourcesArgs);
        }

        if (args is ["map", .. var mapArgs])
        {
            return await Map.MapBench.RunAsync(mapArgs);
        }

        if (args is ["feed", .. var feedArgs])
        {
            return await Feed.FeedBench.RunAsync(feedArgs);
        }

        var (options, error) = BenchOptions.Parse(args);
        if (options is null)
        {
            if (error is { Length: > 0 })
            {
                await Console.Error.WriteLineAsync(error);
            }

            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        Console.WriteLine($"Beacon start-up benchmark, {options.Runs} run(s), {options.Idle.TotalSeconds:0} s idle before memory is read");
        Console.WriteLine($"  machine:  {Machine()}");
        Console.WriteLine($"  beacon:   {options.BeaconDll}");
        Console.WriteLine($"  baseline: {options.BaselineDll}");
        Console.WriteLine($"  load average (1, 5, 15 min) before the first start: {LoadAverages()}");
        Console.WriteLine();

        var probe = new StartupProbe(options);
        var samples = new List<Sample>();
        var scratch = Directory.CreateTempSubdirectory("beacon-bench-");
        try
        {
            for (var run = 1; run <= options.Runs; run++)
            {
                // Interleaved, so a noisy moment on the machine touches both apps, not only one.
                foreach (var (app, dll) in new[] { ("Beacon", options.BeaconDll), ("baseline", options.BaselineDll) })
                {
                    var folder = Path.Combine(scratch.FullName, $"{app}-{run.ToString(CultureInfo.InvariantCulture)}");
                    Directory.CreateDirectory(folder);
                    foreach (var kind in new[] { StartKind.Cold, StartKind.Warm })
                    {
                        var (sample, output) = await probe.RunAsync(app, dll, kind, run, folder);
                        samples.Add(sample);
                        Console.WriteLine(Describe(sample));
                        if (!sample.Ok)
                        {
                            PrintTail(output);
                        }

                        if (options.Timeline && run == 1 && app == "Beacon")
                        {
                            PrintTimeline(output, sample);
                        }
                    }
                }
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"  load average at the end: {LoadAverages()}");
        Console.WriteLine();
        PrintSummary(samples);
        var crashed = samples.Count(s => !s.Ok);
        if (crashed > 0)
        {
            await Console.Error.WriteLineAsync($"{crashed} start(s) crashed or never became ready; see above.");
            return 1;
        }

        return 0;
    }

    private static string Describe(Sample s)
    {
        var load = s.LoadBefore is { } l ? $"  (load {l,4:0.00})" : "";
        var what = $"  {s.App,-8} run {s.Run} {s.Kind.ToString().ToLowerInvariant(),-4}";
        if (!s.Ok)
        {
            return $"{what}  FAILED after {s.ReadyMs,6:0} ms: {s.Error}{load}";
        }

        var listening = s.ListeningMs is { } at ? $" (listening at {at,5:0} ms)" : "";
        return $"{what}  ready {s.ReadyMs,6:0} ms{listening}  idle RSS {Mib(s.IdleRssKib),6:0.0} MiB  peak {Mib(s.PeakRssKib),6:0.0} MiB{load}";
    }

    private static void PrintSummary(List<Sample> samples)
    {
        var ok = samples.Where(s => s.Ok).ToList();
        var rows = new (string Label, Func<Sample, bool> Which, Func<Sample, double> Value, string Format)[]
        {
            ("cold start to /health/ready (ms)", s => s.Kind == StartKind.Cold, s => s.ReadyMs, "0"),
            ("warm start to /health/ready (ms)", s => s.Kind == StartKind.Warm, s => s.ReadyMs, "0"),
            ("idle RSS after cold start (MiB)", s => s.Kind == StartKind.Cold, s => Mib(s.IdleRssKib), "0.0"),
            ("idle RSS after warm start (MiB)", s => s.Kind == StartKind.Warm, s => Mib(s.IdleRssKib), "0.0"),
            ("peak RSS during cold start (MiB)", s => s.Kind == StartKind.Cold, s => Mib(s.PeakRssKib), "0.0"),
        };

        Console.WriteLine("| measure | Beacon median | Beacon max | baseline median | baseline max | ratio (median) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, which, value, format) in rows)
        {
            var beacon = ok.Where(s => s.App == "Beacon" && which(s)).Select(value).ToList();
            var baseline = ok.Where(s => s.App == "baseline" && which(s)).Select(value).ToList();
            var ratio = beacon.Count > 0 && baseline.Count > 0 && Median(baseline) > 0
                ? (Median(beacon) / Median(baseline)).ToString("0.0", CultureInfo.InvariantCulture) + "×"
                : "–";
            Console.WriteLine($"| {label} | {Show(beacon, Median, format)} | {Show(beacon, Enumerable.Max, format)} " +
                $"| {Show(baseline, Median, format)} | {Show(baseline, Enumerable.Max, format)} | {ratio} |");
        }

        Console.WriteLine();
        var beaconRuns = ok.Where(s => s.App == "Beacon").ToList();
        var cold = beaconRuns.Where(s => s.Kind == StartKind.Cold).Select(s => s.ReadyMs).ToList();
        // After a cold start is the worst case for memory: seeding leaves a larger heap behind than a warm start.
        var rss = beaconRuns.Where(s => s.Kind == StartKind.Cold).Select(s => Mib(s.IdleRssKib)).ToList();
        Console.WriteLine($"goal: cold start under {ColdStartGoalMs / 1000:0} s                  " +
            $"median {Show(cold, Median, "0"),6} ms   {Verdict(cold, Median, ColdStartGoalMs)}   slowest {Show(cold, Enumerable.Max, "0"),6} ms   {Verdict(cold, Enumerable.Max, ColdStartGoalMs)}");
        Console.WriteLine($"goal: idle RSS after cold start under {IdleRssGoalMib:0} MiB  " +
            $"median {Show(rss, Median, "0.0"),6} MiB  {Verdict(rss, Median, IdleRssGoalMib)}   largest {Show(rss, Enumerable.Max, "0.0"),6} MiB  {Verdict(rss, Enumerable.Max, IdleRssGoalMib)}");
    }

    private static string Verdict(List<double> values, Func<List<double>, double> pick, double goal) =>
        values.Count == 0 ? "FAIL" : pick(values) < goal ? "PASS" : "FAIL";

    private static string Show(List<double> values, Func<List<double>, double> pick, string format) =>
        values.Count == 0 ? "–" : pick(values).ToString(format, CultureInfo.InvariantCulture);

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double Mib(long kib) => kib / 1024.0;

    private static void PrintTail(IReadOnlyList<OutputLine> output)
    {
        foreach (var line in output.TakeLast(20))
        {
            Console.WriteLine($"      | {line.Text}");
        }
    }

    private static void PrintTimeline(IReadOnlyList<OutputLine> output, Sample sample)
    {
        Console.WriteLine("    timeline of this start (ms since process start):");
        foreach (var line in output)
        {
            // The throwaway database's one-time administrator password is no secret, but it should not look like one in pasted output.
            var shown = line.Text.IndexOf("(shown once): ", StringComparison.Ordinal);
            var text = shown < 0 ? line.Text : line.Text[..(shown + "(shown once): ".Length)] + "****************";
            Console.WriteLine($"    {line.AtMs,7:0}  {text}");
        }

        Console.WriteLine($"    {sample.ReadyMs,7:0}  (first 200 from /health/ready)");
    }

    /// <summary>Other work on the machine skews start-up times; the load average says how much there was.</summary>
    private static string LoadAverages() =>
        File.Exists("/proc/loadavg")
            ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))
            : "unknown";

    /// <summary>What the figures were measured on: processors, memory, system, runtime, date (UTC).</summary>
    private static string Machine()
    {
        var memory = "?";
        if (File.Exists("/proc/meminfo"))
        {
            var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kib))
            {
                memory = (kib / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
            }
        }

        var date = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"{Environment.ProcessorCount} processors, {memory} memory, {RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}, {date}";
    }
}
