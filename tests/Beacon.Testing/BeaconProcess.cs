using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Beacon.Testing;

/// <summary>
/// Beacon as a real process on SQLite in its own data folder (Production environment), for tests that kill it with
/// <c>kill -9</c> and start it again: its CLI verbs, and the server once it answers <c>/health/ready</c>.
/// Disposing it kills every process it started (pass or fail); an aborted test run takes them along too
/// (see <see cref="TestProcesses"/>).
/// </summary>
public sealed class BeaconProcess(string folder, IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    private readonly List<Process> _started = [];

    public string Folder { get; } = folder;

    /// <summary>The process a started Beacon watches and ends with; the test host unless a test says otherwise.</summary>
    public int? WatchedParent { get; init; }

    /// <summary>Processes started by this instance (servers and verbs), running or not.</summary>
    public IReadOnlyList<Process> Started
    {
        get
        {
            lock (_started)
            {
                return [.. _started];
            }
        }
    }

    /// <summary>Runs a CLI verb (<c>migrate</c>, <c>seed</c>, <c>create-token</c> …) to its end.</summary>
    public async Task<(int Code, string Output)> RunVerbAsync(CancellationToken ct, params string[] args)
    {
        var process = Launch(args);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            TestProcesses.Kill(process);
        }
    }

    /// <summary>
    /// Starts the server on <paramref name="port"/> and waits (up to <see cref="TestTimeouts.ProcessStart"/>) until it
    /// is ready. A server that does not become ready, or whose wait is cancelled, is killed before this throws.
    /// </summary>
    public async Task<Process> StartServerAsync(int port, CancellationToken ct)
    {
        var process = Launch("--urls", $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TestTimeouts.ProcessStart)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Beacon exited with {process.ExitCode} before it became ready");
                }

                try
                {
                    if ((await probe.GetAsync("/health/ready", ct)).IsSuccessStatusCode)
                    {
                        return process;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The probe's own timeout on a loaded machine: ask again.
                }

                await Task.Delay(100, ct);
            }

            throw new InvalidOperationException(
                $"Beacon did not become ready within {TestTimeouts.ProcessStart.TotalSeconds:0} s ({TestTimeouts.ProcessStartVariable})");
        }
        catch
        {
            TestProcesses.Kill(process);
            throw;
        }
    }

    /// <summary>Kills every process this instance started that still runs, with its children.</summary>
    public ValueTask DisposeAsync()
    {
        foreach (var process in Started)
        {
            TestProcesses.Kill(process);
            process.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private Process Launch(params string[] args)
    {
        var process = TestProcesses.Start(Start(args), WatchedParent);
        lock (_started)
        {
            _started.Add(process);
        }

        return process;
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Beacon.Web.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Beacon__DataFolder"] = Folder;
        psi.Environment["Beacon__Database__Provider"] = "Sqlite";
        psi.Environment["Beacon__Database__ConnectionString"] = "";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        return psi;
    }
}
