using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Beacon.Testing;

/// <summary>
/// Every real process a test starts goes through here, so none outlives the test run: each is started with
/// <c>BEACON_PARENT_PID</c> (a child Beacon ends itself when the test host disappears, even after <c>kill -9</c>
/// of the host), is killed with its whole tree when its owner is disposed, and whatever is still running when the
/// test host exits or is cancelled (Ctrl+C, SIGTERM) is killed then.
/// </summary>
public static class TestProcesses
{
    /// <summary>The variable a child Beacon watches (see Beacon.Web's ParentWatchdog).</summary>
    public const string ParentPidVariable = "BEACON_PARENT_PID";

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private static readonly List<Action<bool>> ExitActions = [];
    private static readonly List<PosixSignalRegistration> Signals = [];

    static TestProcesses()
    {
        // At exit nothing may wait: the test host has 10 seconds to end (see TestRunCleanup, which ends the run's
        // processes while the run is still in progress), so these hooks only signal.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll(wait: false);
        Console.CancelKeyPress += (_, _) => KillAll(wait: false);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            try
            {
                Signals.Add(PosixSignalRegistration.Create(signal, _ => KillAll(wait: false)));
            }
            catch (PlatformNotSupportedException)
            {
            }
        }
    }

    /// <summary>Processes started here and not yet known to have ended.</summary>
    public static IReadOnlyCollection<int> RunningIds => [.. Running.Keys];

    /// <summary>
    /// Starts a process that is killed with the test run at the latest. A child Beacon watches the test host, or
    /// <paramref name="watchedParent"/> when given (a test of the watchdog itself).
    /// </summary>
    public static Process Start(ProcessStartInfo info, int? watchedParent = null)
    {
        info.Environment[ParentPidVariable] = (watchedParent ?? Environment.ProcessId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        Running[process.Id] = process;
        return process;
    }

    /// <summary>
    /// Runs <paramref name="action"/> when the run ends, or when the test host exits or is cancelled (e.g. stopping a
    /// server that is no child of ours). Its argument says whether it may wait (false in the exit hooks).
    /// </summary>
    public static void AtExit(Action<bool> action)
    {
        lock (ExitActions)
        {
            ExitActions.Add(action);
        }
    }

    /// <summary>Kills the process and everything it started, if still running; never throws.</summary>
    public static void Kill(Process process) => Kill(process, wait: true);

    /// <summary>Ends every process still running and runs the exit actions, waiting for each; called once every test has run.</summary>
    public static void EndRun() => KillAll(wait: true);

    private static void Kill(Process process, bool wait)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                if (wait)
                {
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill it.
        }

        Forget(process);
    }

    /// <summary>Stops tracking a process that ended on its own (or was killed by the test on purpose).</summary>
    public static void Forget(Process process)
    {
        try
        {
            Running.TryRemove(process.Id, out _);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void KillAll(bool wait)
    {
        foreach (var process in Running.Values)
        {
            Kill(process, wait);
        }

        Action<bool>[] actions;
        lock (ExitActions)
        {
            actions = [.. ExitActions];
            ExitActions.Clear();
        }

        foreach (var action in actions)
        {
            try
            {
                action(wait);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
            }
        }
    }
}
