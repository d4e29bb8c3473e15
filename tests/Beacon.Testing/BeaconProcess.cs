using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Beacon.Testing;

/// <summary>
/// Beacon as a real process on SQLite in its own data folder (Production environment), for tests that kill it with
/// <c>kill -9</c> and start it again: its CLI verbs, and the server once it answers <c>/health/ready</c>.
/// </summary>
public sealed class BeaconProcess(string folder, IReadOnlyDictionary<string, string>? settings = null)
{
    public string Folder { get; } = folder;

    /// <summary>Runs a CLI verb (<c>migrate</c>, <c>seed</c>, <c>create-token</c> …) to its end.</summary>
    public async Task<(int Code, string Output)> RunVerbAsync(CancellationToken ct, params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts the server on <paramref name="port"/> and waits (up to 60 s) until it is ready.</summary>
    public async Task<Process> StartServerAsync(int port, CancellationToken ct)
    {
        var process = Process.Start(Start("--urls", $"http://127.0.0.1:{port}"))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
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

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException("Beacon did not become ready within 60 s");
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
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
