using System.Diagnostics;

namespace Beacon.Bench.Reports;

/// <summary>
/// How the capacity mode looks for the highest rate an app holds: <see cref="Start"/>, doubled while it holds (up to
/// <see cref="Max"/>), then <see cref="Steps"/> bisections between the last rate held and the first missed. A rate holds when
/// every report scheduled in <see cref="Probe"/> seconds is accepted and p99 latency stays under <see cref="P99GoalMs"/>.
/// </summary>
internal sealed record CapacitySearch(double Start, double Max, int Steps, TimeSpan Probe, double P99GoalMs)
{
    public bool Holds(LoadResult r) =>
        r.Errors == 0 && r.Accepted >= r.Scheduled && r.LatencyMs.Length > 0 && ReportsBench.P(r.LatencyMs, 99) < P99GoalMs;

    /// <summary>
    /// The rates tried, in order, each chosen from the verdicts so far; the highest held (0 if none). A rate missed is
    /// probed once more before it counts as missed: one busy moment of the machine (a checkpoint, a collection, another
    /// process) ended the search of either app at a rate it holds, and made the ratio say nothing (2026-12-03, 22:50 UTC:
    /// the baseline on PostgreSQL "missed" 1,000/s once and was recorded at 940/s, after holding 8,000/s at 16:56).
    /// </summary>
    public async Task<double> FindAsync(Func<double, Task<bool>> probe)
    {
        async Task<bool> Confirmed(double rate) => await probe(rate) || await probe(rate);

        var held = 0.0;
        var missed = double.NaN;
        for (var rate = Start; rate <= Max; rate *= 2)
        {
            if (!await Confirmed(rate))
            {
                missed = rate;
                break;
            }

            held = rate;
        }

        if (double.IsNaN(missed))
        {
            return held;
        }

        for (var step = 0; step < Steps; step++)
        {
            var rate = Math.Round((held + missed) / 2 / 10) * 10;
            if (rate <= held || rate >= missed)
            {
                break;
            }

            if (await Confirmed(rate))
            {
                held = rate;
            }
            else
            {
                missed = rate;
            }
        }

        return held;
    }
}

/// <summary>A spinning process (<c>sh -c 'while :; do :; done'</c>) that keeps one core busy until disposed (<c>--burn</c>).</summary>
internal sealed class CpuBurner : IDisposable
{
    private readonly Process _process;

    private CpuBurner(Process process) => _process = process;

    public static CpuBurner Start()
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("while :; do :; done");
        return new CpuBurner(Process.Start(psi)!);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

