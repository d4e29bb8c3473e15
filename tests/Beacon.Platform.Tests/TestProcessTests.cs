using System.Diagnostics;
using Beacon.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>
/// Issue 12, acceptance 8: no Beacon process outlives the test run. A real server started by a test is killed when
/// the test ends even when the test fails, and a child Beacon ends itself when the process it serves disappears
/// (what happens when a test run is killed outright).
/// </summary>
public sealed class TestProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "beacon-proc-" + Guid.NewGuid().ToString("N")[..8]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Beacon_server_whose_test_failed_is_gone_after_the_test()
    {
        Directory.CreateDirectory(_folder);
        var pid = 0;

        // A test that starts a server and then fails, as a failing kill -9 test would.
        async Task FailingTest()
        {
            await using var app = new BeaconProcess(_folder);
            var server = await app.StartServerAsync(BeaconProcess.FreePort(), Ct);
            pid = server.Id;
            Assert.True(IsRunning(pid));
            Assert.Fail("this test fails while its server runs");
        }

        var failure = await Assert.ThrowsAnyAsync<Exception>(FailingTest);

        Assert.Contains("fails while its server runs", failure.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, pid);
        Assert.False(IsRunning(pid), $"Beacon process {pid} still runs after its test failed");
        Assert.DoesNotContain(pid, TestProcesses.RunningIds);
    }

    [Fact]
    public async Task A_child_Beacon_ends_itself_when_the_process_it_serves_disappears()
    {
        Directory.CreateDirectory(_folder);
        // Stands in for a test host that is killed with kill -9: nothing of ours runs when it goes.
        var host = TestProcesses.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false });
        await using var app = new BeaconProcess(_folder) { WatchedParent = host.Id };
        var server = await app.StartServerAsync(BeaconProcess.FreePort(), Ct);
        Assert.False(server.HasExited);

        host.Kill();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TestTimeouts.Expectation);
        await server.WaitForExitAsync(wait.Token);

        Assert.True(server.HasExited, $"Beacon {server.Id} still runs after the process it served was killed");
        TestProcesses.Kill(host);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
