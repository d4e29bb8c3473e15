using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Beacon.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's binaries (/usr/lib/postgresql/*/bin) in a
/// temporary folder on a free loopback port, for the whole test run. Mode from BEACON_TEST_POSTGRES:
/// <c>auto</c> (default) starts it when the binaries exist and otherwise reports why the lane is skipped,
/// <c>required</c> fails without it, <c>off</c> skips the lane.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _shared;
    private static string? _unavailable;

    private readonly string _root;
    private readonly string _bin;
    private readonly bool _asPostgresUser;
    private bool _watched;

    private PostgresCluster(string root, string bin, int port, bool asPostgresUser)
    {
        _root = root;
        _bin = bin;
        Port = port;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public static string Mode => (Environment.GetEnvironmentVariable("BEACON_TEST_POSTGRES") ?? "auto").Trim().ToLowerInvariant();

    /// <summary>The shared cluster, or null with the reason when the lane cannot run (auto/off).</summary>
    public static async Task<(PostgresCluster? Cluster, string? Reason)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is not null)
            {
                return (_shared, null);
            }

            if (_unavailable is not null)
            {
                return (null, _unavailable);
            }

            if (Mode == "off")
            {
                _unavailable = "PostgreSQL lane switched off (BEACON_TEST_POSTGRES=off)";
                return (null, _unavailable);
            }

            var bin = FindBin();
            if (bin is null)
            {
                _unavailable = "no PostgreSQL binaries under /usr/lib/postgresql/*/bin (install postgresql, or set BEACON_TEST_POSTGRES=off)";
                if (Mode == "required")
                {
                    throw new InvalidOperationException("BEACON_TEST_POSTGRES=required but " + _unavailable);
                }

                return (null, _unavailable);
            }

            try
            {
                _shared = await StartAsync(bin);
                // Stopped when the run ends or is cancelled, and by a watchdog when the host is killed outright.
                _shared._watched = _shared.StartWatchdog();
                TestProcesses.AtExit(_shared.Stop);
                return (_shared, null);
            }
            catch (Exception e) when (Mode != "required")
            {
                _unavailable = "PostgreSQL could not be started: " + e.Message;
                return (null, _unavailable);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new empty database in the cluster; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "beacon_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            await cmd.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=30;Include Error Detail=true";

    public ValueTask DisposeAsync()
    {
        Stop(wait: true);
        return ValueTask.CompletedTask;
    }

    private static string? FindBin()
    {
        const string Root = "/usr/lib/postgresql";
        if (!Directory.Exists(Root))
        {
            return null;
        }

        return Directory.GetDirectories(Root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static async Task<PostgresCluster> StartAsync(string bin)
    {
        var root = Path.Combine(Path.GetTempPath(), "beacon-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", ["postgres:postgres", root]);
        }

        var port = FreePort();
        var cluster = new PostgresCluster(root, bin, port, asPostgres);
        await cluster.PgAsync("initdb", ["-D", Path.Combine(root, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.PgAsync("pg_ctl", ["-D", Path.Combine(root, "data"), "-l", Path.Combine(root, "log.txt"), "-w", "-t", ((int)TestTimeouts.ProcessStart.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start"]);
        return cluster;
    }

    /// <summary>
    /// The server runs detached (pg_ctl), so it does not die with the test host: a small shell outside the host
    /// waits for the host to disappear (even after <c>kill -9</c>), then stops the cluster and deletes its folder.
    /// </summary>
    private bool StartWatchdog()
    {
        var pid = Environment.ProcessId;
        var pgCtl = Path.Combine(_bin, "pg_ctl");
        var stop = $"{(_asPostgresUser ? "runuser -u postgres -- " : "")}'{pgCtl}' -D '{Path.Combine(_root, "data")}' -m immediate -w stop";
        var script = $"trap '' INT HUP; while kill -0 {pid} 2>/dev/null && [ \"$(cut -d' ' -f3 /proc/{pid}/stat 2>/dev/null)\" != Z ]; do sleep 1; done; " +
            $"{stop} >/dev/null 2>&1; rm -rf '{_root}'";
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        try
        {
            using var watchdog = Process.Start(psi);
            return watchdog is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No shell: the exit hook still stops the cluster when the host ends normally.
            return false;
        }
    }

    /// <summary>
    /// Stops the cluster and deletes its folder. In an exit hook (<paramref name="wait"/> false) the host has seconds
    /// to end: the watchdog does the work once the host is gone, or without one the server is only told to stop.
    /// </summary>
    private void Stop(bool wait)
    {
        if (!wait)
        {
            if (!_watched)
            {
                var tool = Path.Combine(_bin, "pg_ctl");
                var psi = _asPostgresUser ? new ProcessStartInfo("runuser") : new ProcessStartInfo(tool);
                string[] prefix = _asPostgresUser ? ["-u", "postgres", "--", tool] : [];
                foreach (var arg in (string[])[.. prefix, "-D", Path.Combine(_root, "data"), "-m", "immediate", "-W", "stop"])
                {
                    psi.ArgumentList.Add(arg);
                }

                try
                {
                    Process.Start(psi)?.Dispose();
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
            }

            return;
        }

        try
        {
            PgAsync("pg_ctl", ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private Task PgAsync(string tool, string[] args) =>
        _asPostgresUser
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
