using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Beacon.Bench;

/// <summary>Cold (empty data folder) or warm (the same folder again, already migrated and seeded).</summary>
internal enum StartKind
{
    Cold,
    Warm,
}

/// <summary>One start of one app: time to the first 200 from /health/ready and memory after idling.</summary>
internal sealed record Sample(
    string App,
    StartKind Kind,
    int Run,
    double ReadyMs,
    double? ListeningMs,
    long IdleRssKib,
    long PeakRssKib,
    double? LoadBefore,
    string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>A line the child wrote, with the time since its start, for the start-up timeline.</summary>
internal sealed record OutputLine(double AtMs, string Text);

/// <summary>
/// Starts <c>dotnet APP.dll --urls http://127.0.0.1:PORT</c> the way production would (Production environment,
/// its own data folder, no demo accounts), polls <c>/health/ready</c> every 20 ms until it answers 200, lets it
/// idle, reads its resident memory from <c>/proc</c> and kills it.
/// </summary>
internal sealed class StartupProbe(BenchOptions options)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task<(Sample Sample, IReadOnlyList<OutputLine> Output)> RunAsync(
        string app, string dll, StartKind kind, int run, string dataFolder)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(options.Dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        // Nothing from the caller's shell may change what is measured (a Postgres connection string, demo mode…).
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("Beacon__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Beacon__DataFolder"] = dataFolder;
        start.Environment["Beacon__Demo"] = "false";

        var load = LoadAverage();
        var output = new List<OutputLine>();
        var clock = new Stopwatch();
        using var process = new Process { StartInfo = start };
        void Capture(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            var at = clock.Elapsed.TotalMilliseconds;
            lock (output)
            {
                output.Add(new OutputLine(at, e.Data));
            }
        }

        process.OutputDataReceived += Capture;
        process.ErrorDataReceived += Capture;

        clock.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var (readyMs, error) = await WaitForReadyAsync(process, port, clock);
            if (error is null)
            {
                await Task.Delay(options.Idle);
                if (process.HasExited)
                {
                    error = $"exited with code {process.ExitCode} while idle";
                }
            }

            var (rss, peak) = error is null ? Memory(process) : (0, 0);
            var lines = Snapshot(output);
            var listening = lines.FirstOrDefault(l => l.Text.Contains("Now listening on", StringComparison.Ordinal));
            return (new Sample(app, kind, run, readyMs, listening?.AtMs, rss, peak, load, error), lines);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private async Task<(double ReadyMs, string? Error)> WaitForReadyAsync(Process process, int port, Stopwatch clock)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/health/ready");
        var lastStatus = "no answer";
        while (clock.Elapsed < options.Timeout)
        {
            if (process.HasExited)
            {
                return (clock.Elapsed.TotalMilliseconds, $"exited with code {process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return (clock.Elapsed.TotalMilliseconds, null);
                }

                lastStatus = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                lastStatus = e.Message;
            }
            catch (TaskCanceledException)
            {
                lastStatus = "request timed out";
            }

            await Task.Delay(PollInterval);
        }

        return (clock.Elapsed.TotalMilliseconds, $"not ready after {options.Timeout.TotalSeconds:0} s ({lastStatus})");
    }

    /// <summary>VmRSS (now) and VmHWM (peak) in KiB, from /proc on Linux; the working set elsewhere.</summary>
    private static (long Rss, long Peak) Memory(Process process)
    {
        var status = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(status))
        {
            process.Refresh();
            return (process.WorkingSet64 / 1024, process.PeakWorkingSet64 / 1024);
        }

        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line);
            }
        }

        return (rss, peak);
    }

    /// <summary>The 1-minute load average, so a slow start can be told apart from a busy machine.</summary>
    public static double? LoadAverage() =>
        File.Exists("/proc/loadavg")
        && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : null;

    private static long Kib(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static List<OutputLine> Snapshot(List<OutputLine> output)
    {
        lock (output)
        {
            return [.. output];
        }
    }
}
