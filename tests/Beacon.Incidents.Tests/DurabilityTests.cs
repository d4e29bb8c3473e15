using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 3, acceptance 6: a first report acknowledged with 201 survives <c>kill -9</c> of the server right after
/// the answer. A real Beacon process on SQLite takes reports from several clients and is killed mid-load; after a
/// restart every acknowledged report is there, and a retry of any request with its Idempotency-Key creates nothing new.
/// </summary>
public sealed class DurabilityTests : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beacon-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BeaconProcess App => new(_folder);

    [Fact]
    public async Task Reports_acknowledged_before_a_kill_9_are_all_there_after_restart()
    {
        Directory.CreateDirectory(_folder);
        Assert.Equal(0, (await App.RunVerbAsync(Ct, "migrate")).Code);
        Assert.Equal(0, (await App.RunVerbAsync(Ct, "seed")).Code);
        var (code, output) = await App.RunVerbAsync(Ct, "create-token", "--name", "12345热线", "--jurisdiction", "150203", "--roles", "DutyOfficer", "--days", "1");
        Assert.True(code == 0, output);
        var secret = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("Secret", StringComparison.Ordinal)).Split(' ')[^1];

        var port = BeaconProcess.FreePort();
        _server = await App.StartServerAsync(port, Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var sent = new ConcurrentDictionary<string, string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < 1000 && !stop.IsCancellationRequested; n++)
            {
                var key = $"w{w}-{n}-{Guid.NewGuid():N}";
                var body = JsonSerializer.Serialize(ReportingClockTests.ValidReport(TimeProvider.System.GetUtcNow().AddMinutes(-1)), BeaconFactory.Json);
                sent[key] = body;
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    request.Headers.Add("Idempotency-Key", key);
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var created = JsonSerializer.Deserialize<ReportedIncident>(await response.Content.ReadAsStringAsync(CancellationToken.None), BeaconFactory.Json)!;
                        acknowledged[key] = created.Id;
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
                catch (TaskCanceledException)
                {
                    return;
                }
            }
        })).ToList();

        // Let the load run until well over a hundred reports are acknowledged, then kill -9 while requests are in flight.
        var deadline = Stopwatch.StartNew();
        while (acknowledged.Count < 150 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20, Ct);
        }

        _server.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync(Ct);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        Assert.True(acknowledged.Count >= 150, $"only {acknowledged.Count} reports were acknowledged before the kill");

        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_folder, "beacon.db")}"))
        {
            await db.OpenAsync(Ct);
            var stored = new HashSet<Guid>();
            await using var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT \"Id\" FROM incidents_incidents";
            await using var reader = await cmd.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                stored.Add(reader.GetGuid(0));
            }

            var missing = acknowledged.Values.Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged reports are missing after kill -9");
        }

        // After a restart, retrying every acknowledged request with its key replays the answer and stores nothing new.
        _server = await App.StartServerAsync(port, Ct);
        var before = await CountAsync();
        foreach (var (key, id) in acknowledged.Take(40))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents") { Content = new StringContent(sent[key], Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(id, JsonSerializer.Deserialize<ReportedIncident>(await response.Content.ReadAsStringAsync(Ct), BeaconFactory.Json)!.Id);
        }

        Assert.Equal(before, await CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<long> CountAsync()
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_folder, "beacon.db")}");
        await db.OpenAsync(Ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM incidents_incidents";
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
