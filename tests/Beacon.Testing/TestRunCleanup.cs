namespace Beacon.Testing;

/// <summary>
/// Ends what the test run started (child processes, the PostgreSQL cluster) once every test of the assembly has
/// run, while the run is still in progress. xUnit v3 gives the test host 10 seconds after the run returns to exit
/// and otherwise fails it ("Foreground threads were left running") with every test green; stopping a cluster and
/// deleting its folder in the exit hook took longer than that on a loaded machine. Every test project declares it
/// through tests/TestRun.cs; the exit hook of <see cref="TestProcesses"/> stays as the backstop for a run that is
/// cancelled.
/// </summary>
public sealed class TestRunCleanup : IDisposable
{
    public void Dispose() => TestProcesses.EndRun();
}
