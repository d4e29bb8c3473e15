using System.Threading.Channels;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;

namespace Beacon.Platform.Http;

/// <summary>
/// Stores the answers kept for <c>Idempotency-Key</c>s, many in one transaction (group commit): a request waits
/// until its answer is saved, and the answers of every request that finished meanwhile are saved with it. Under
/// load this turns one transaction per request into one per batch.
/// </summary>
public sealed class IdempotencyAnswers(DbContextOptions<BeaconDb> options, TimeProvider clock) : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<(IdempotencyRecord Record, TaskCompletionSource Saved)> _queue =
        Channel.CreateUnbounded<(IdempotencyRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once <paramref name="record"/> (already inserted, now with its answer) is saved.</summary>
    public Task SaveAsync(IdempotencyRecord record)
    {
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record, saved)))
        {
            saved.SetException(new InvalidOperationException("The server is stopping."));
        }

        return saved.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(IdempotencyRecord Record, TaskCompletionSource Saved)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await using var db = new BeaconDb(options, Actor.System, clock);
                    await db.SaveAnswersAsync([.. batch.Select(b => b.Record)], CancellationToken.None);
                    batch.ForEach(b => b.Saved.TrySetResult());
                }
#pragma warning disable CA1031 // Every waiting request gets the failure; the loop goes on for the next batch.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    batch.ForEach(b => b.Saved.TrySetException(e));
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            left.Saved.TrySetException(new OperationCanceledException("The server is stopping."));
        }
    }
}
