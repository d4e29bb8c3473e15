using System.Diagnostics;

namespace Beacon.Web.Operations;

/// <summary>
/// When a test starts Beacon as a child process it names itself in <c>BEACON_PARENT_PID</c>; Beacon then ends
/// itself as soon as that process is gone, so a test run that is aborted (killed, cancelled, crashed) leaves no
/// server behind. Without the variable nothing happens: servers started by an operator never watch anybody.
/// </summary>
internal static class ParentWatchdog
{
    public const string Variable = "BEACON_PARENT_PID";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public static void StartIfAsked()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), out var pid) || pid <= 0)
        {
            return;
        }

        var startedAt = StartTime(pid);
        if (startedAt is null)
        {
            // The parent is already gone: this process has nobody to serve.
            Environment.Exit(3);
        }

        // A plain background thread: it must keep watching even when the thread pool is starved or the host hangs.
        var thread = new Thread(() =>
        {
            while (Alive(pid, startedAt.Value))
            {
                Thread.Sleep(Interval);
            }

            Console.Error.WriteLine($"parent process {pid} is gone ({Variable}); Beacon stops");
            Process.GetCurrentProcess().Kill();
        })
        {
            IsBackground = true,
            Name = "beacon-parent-watchdog",
        };
        thread.Start();
    }

    private static bool Alive(int pid, DateTime startedAt)
    {
        if (OperatingSystem.IsLinux())
        {
            // A parent that died but is not reaped yet is a zombie: gone for our purpose.
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state is 'Z' or 'X' or 'x')
                {
                    return false;
                }
            }
            catch (IOException)
            {
                return false;
            }
        }

        // The same number may belong to a new process later: it must also have the same start time.
        return StartTime(pid) == startedAt;
    }

    private static DateTime? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
