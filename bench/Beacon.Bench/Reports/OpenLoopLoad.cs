using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Beacon.Bench.Reports;

/// <summary>One caller: the API token (null for the baseline, which has no auth) and the county it reports from.</summary>
internal sealed record Reporter(string? Secret, string CountyCode);

/// <summary>What one load run measured (only the requests scheduled after the warm-up count).</summary>
internal sealed record LoadResult(
    string App,
    string Provider,
    double OfferedPerSecond,
    double AcceptedPerSecond,
    int Scheduled,
    int Accepted,
    int Errors,
    string ErrorSummary,
    double[] LatencyMs,
    double[] BoardDelayMs,
    int BoardMissing,
    double LoadBefore,
    double LoadAfter,
    string Timeline,
    double CpuMsPerReport,
    double DbCpuMsPerReport,
    string WritePath = "");

/// <summary>
/// Open-loop load: first reports are scheduled at a constant rate whatever the server's answers, each sent at
/// its time on its own task (so a slow answer never delays the next request — no coordinated omission), and a
/// request's latency is measured from its scheduled time to its complete answer. A duty-board hub client
/// records when each incident's event arrives; the delay is from the report's scheduled time to that arrival.
/// </summary>
/// The server's own CPU time over the measured window (<paramref name="serverCpu"/>, read from its process) divided by
/// the reports sent in it is the cost of one report: a figure that, unlike latency, hardly depends on what else the
/// machine is doing. The same for the database server (<paramref name="databaseCpu"/>; zero for SQLite, which runs
/// inside the server process).
/// <paramref name="writePath"/>, for Beacon, reads the group commit's figures from <c>/metrics</c> at the start and the end of
/// the measured window (<see cref="WritePath"/>).
internal sealed class OpenLoopLoad(Uri server, IReadOnlyList<Reporter> reporters, string? boardSecret, double rate, TimeSpan warmup, TimeSpan duration, double warmupRate,
    Func<TimeSpan> serverCpu, Func<TimeSpan> databaseCpu, Func<Task<string>>? writePath = null)
{
    private const int MaxInFlight = 5000;
    private static readonly double TicksPerMs = Stopwatch.Frequency / 1000.0;
    private readonly ConcurrentDictionary<Guid, long> _received = new();

    public async Task<LoadResult> RunAsync(string app, string provider)
    {
        var loadBefore = ReportsBench.LoadAverage();
        await using var board = await ConnectBoardAsync();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
        };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var auth = reporters.Select(r => r.Secret is null ? null : new AuthenticationHeaderValue("Bearer", r.Secret)).ToArray();
        var warmupCount = (int)(warmupRate * warmup.TotalSeconds);
        var total = warmupCount + (int)(rate * duration.TotalSeconds);
        var scheduled = new long[total];
        var done = new long[total];
        var status = new int[total];
        var ids = new Guid[total];
        var errors = new ConcurrentDictionary<string, int>();
        var inFlight = 0;
        var tasks = new List<Task>(total);
        var runId = Guid.NewGuid().ToString("N")[..8];

        async Task SendAsync(int i)
        {
            var reporter = i % reporters.Count;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/incidents")
                {
                    Content = new ByteArrayContent(Body(reporters[reporter].CountyCode, i)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
                };
                request.Headers.Authorization = auth[reporter];
                request.Headers.Add("Idempotency-Key", $"bench-{runId}-{i}");
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsByteArrayAsync();
                done[i] = Stopwatch.GetTimestamp();
                status[i] = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    using var json = JsonDocument.Parse(body);
                    ids[i] = json.RootElement.GetProperty("id").GetGuid();
                }
                else
                {
                    errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                }
            }
#pragma warning disable CA1031 // Every failure is a figure of the run, counted by its kind.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done[i] = Stopwatch.GetTimestamp();
                status[i] = -1;
                errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }

        // The warm-up runs at its own (usually lower) rate, so the JIT's tiering work does not build a backlog that
        // the measured window then inherits; the measured window runs at the offered rate.
        var warmupInterval = Stopwatch.Frequency / warmupRate;
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var measuredStart = start + (long)(warmupCount * warmupInterval);
        var cpuAtStart = TimeSpan.Zero;
        var dbCpuAtStart = TimeSpan.Zero;
        Task<string>? metricsAtStart = null;
        for (var i = 0; i < total; i++)
        {
            var at = i < warmupCount ? start + (long)(i * warmupInterval) : measuredStart + (long)((i - warmupCount) * interval);
            while (Stopwatch.GetTimestamp() < at)
            {
                await Task.Delay(1);
            }

            if (i == warmupCount)
            {
                cpuAtStart = serverCpu();
                dbCpuAtStart = databaseCpu();
                metricsAtStart = writePath?.Invoke();
            }

            scheduled[i] = at;
            if (Interlocked.Increment(ref inFlight) > MaxInFlight)
            {
                Interlocked.Decrement(ref inFlight);
                status[i] = -2;
                done[i] = at;
                errors.AddOrUpdate("not sent: over 5000 in flight", 1, (_, n) => n + 1);
                continue;
            }

            tasks.Add(SendAsync(i));
        }

        await Task.WhenAll(tasks);
        var cpuMs = (serverCpu() - cpuAtStart).TotalMilliseconds;
        var dbCpuMs = (databaseCpu() - dbCpuAtStart).TotalMilliseconds;
        var lane = writePath is null || metricsAtStart is null ? "" : WritePath(await metricsAtStart, await writePath());
        // Events of the last reports may still be on their way; give them the goal's time and some.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var loadAfter = ReportsBench.LoadAverage();

        var latencies = new List<double>();
        var delays = new List<double>();
        var accepted = 0;
        var missing = 0;
        for (var i = warmupCount; i < total; i++)
        {
            if (status[i] is 0 or -2)
            {
                // Never sent (the client's in-flight cap): an error, but no latency to report.
                continue;
            }

            latencies.Add((done[i] - scheduled[i]) / TicksPerMs);
            if (status[i] != 201)
            {
                continue;
            }

            accepted++;
            if (_received.TryGetValue(ids[i], out var arrived))
            {
                delays.Add((arrived - scheduled[i]) / TicksPerMs);
            }
            else
            {
                missing++;
            }
        }

        var measured = total - warmupCount;
        var warmupErrors = Enumerable.Range(0, warmupCount).Count(i => status[i] != 201);
        var summary = string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {e.Value}"));
        if (warmupErrors > 0)
        {
            summary += $" (of all errors, {warmupErrors} during warm-up)";
        }

        return new LoadResult(app, provider, rate, accepted / duration.TotalSeconds, measured, accepted,
            measured - accepted, summary, [.. latencies.Order()], [.. delays.Order()], missing, loadBefore, loadAfter,
            Timeline(scheduled, done, status, warmupCount, total, start), cpuMs / Math.Max(1, measured), dbCpuMs / Math.Max(1, measured), lane);
    }

    /// <summary>
    /// The group commit over the measured window, from two reads of <c>/metrics</c> (decisions 0013, 0034): batches, writes
    /// per batch, time per batch, mean queue wait, the lanes at the end and how often the governor changed something.
    /// </summary>
    internal static string WritePath(string before, string after)
    {
        static Dictionary<string, double> Read(string text)
        {
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n'))
            {
                if (!line.StartsWith("beacon_group_commit_", StringComparison.Ordinal))
                {
                    continue;
                }

                var name = line[..line.IndexOfAny(['{', ' '])];
                if (double.TryParse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                {
                    values[name] = values.GetValueOrDefault(name) + v;
                }
            }

            return values;
        }

        var a = Read(before);
        var b = Read(after);
        double Delta(string prefix, string suffix) =>
            b.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(kv => kv.Value)
            - a.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Key.EndsWith(suffix, StringComparison.Ordinal)).Sum(kv => kv.Value);
        double Now(string prefix) => b.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && !kv.Key.EndsWith("_bucket", StringComparison.Ordinal)).Sum(kv => kv.Value);
        var batches = Delta("beacon_group_commit_batch_size", "_count");
        if (batches <= 0)
        {
            return "no batches";
        }

        var waits = Delta("beacon_group_commit_queue_wait", "_count");
        return System.FormattableString.Invariant(
            $"{batches:0} batches, {Delta("beacon_group_commit_batch_size", "_sum") / batches:0.0} writes/batch, {Delta("beacon_group_commit_batch_duration", "_sum") / batches:0.0} ms/batch, queue wait {(waits > 0 ? Delta("beacon_group_commit_queue_wait", "_sum") / waits : 0):0.0} ms mean, {Now("beacon_group_commit_lanes"):0} lane(s) at the end, {Delta("beacon_group_commit_governor_changes", "_total"):0} governor changes, {Delta("beacon_group_commit_batch_failures", "_total"):0} failed batches");
    }

    /// <summary>
    /// Per 5 s of the whole run (warm-up included, marked w): how many were scheduled, how many got 201, and the p99
    /// latency of those scheduled in that slice, so a stall or a backlog shows where it happened.
    /// </summary>
    private static string Timeline(long[] scheduled, long[] done, int[] status, int warmupCount, int total, long start)
    {
        var slice = 5 * Stopwatch.Frequency;
        var parts = new List<string>();
        foreach (var group in Enumerable.Range(0, total).Where(i => scheduled[i] != 0).GroupBy(i => (scheduled[i] - start) / slice))
        {
            var ok = group.Count(i => status[i] == 201);
            var latency = group.Where(i => status[i] is not (0 or -2)).Select(i => (done[i] - scheduled[i]) / TicksPerMs).Order().ToArray();
            var p99 = latency.Length == 0 ? 0 : latency[Math.Min(latency.Length - 1, (int)Math.Ceiling(latency.Length * 0.99) - 1)];
            parts.Add($"{group.Key * 5}s{(group.First() < warmupCount ? "w" : "")}:{ok}/{group.Count()} p99 {p99:0}");
        }

        return string.Join(" | ", parts);
    }

    private async Task<HubConnection> ConnectBoardAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/duty-board"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (boardSecret is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(boardSecret);
                }
            })
            .Build();
        connection.On<JsonElement>("incident", e =>
        {
            var at = Stopwatch.GetTimestamp();
            if (e.TryGetProperty("incidentId", out var id) && id.TryGetGuid(out var incident))
            {
                _received.TryAdd(incident, at);
            }
        });
        await connection.StartAsync();
        return connection;
    }

    private static readonly string LearnedAt = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    private static byte[] Body(string county, int n) => Encoding.UTF8.GetBytes($$"""
        {"title":"压力测试首报 {{n}}","eventTypeCode":"12A03","severity":"IV","isSensitive":false,
         "occurredAt":"{{LearnedAt}}","learnedAt":"{{LearnedAt}}","locationCode":"{{county}}","address":"某街道",
         "latitude":40.66,"longitude":109.84,"deaths":0,"injured":1,"directLossTenThousandYuan":1.5,"source":"Phone",
         "narrative":"某化工厂发生火情，已造成1人受伤，消防已赶赴现场。","measures":"消防、公安已赶赴现场。",
         "signer":"值班员","phone":"0472-2100000"}
        """);
}
