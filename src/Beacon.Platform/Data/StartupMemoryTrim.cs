using System.Runtime;
using Microsoft.Extensions.Hosting;

namespace Beacon.Platform.Data;

/// <summary>
/// Gives back, once, what starting up left behind (migrations, seeding, the EF model's building, the first pages'
/// compilation): a second after the server has started, one full, compacting collection that also returns the freed
/// memory to the system. Without it a quiet county server held that garbage until its first busy minutes (idle RSS
/// 271 MiB against the 250 MB floor, decision 0043). Later collections are the runtime's own.
/// </summary>
public sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime, TimeProvider clock) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = TrimAsync(lifetime.ApplicationStopping));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task TrimAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), clock, stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
