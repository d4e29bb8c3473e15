using System.Text.Json;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination;

/// <summary>What one round of the dispatcher did.</summary>
public sealed record DispatchRound(int JobsExpanded, int Attempted);

/// <summary>
/// Disseminates published warnings (预警发布): expands each <see cref="DisseminationJob"/> into one <see cref="Delivery"/>
/// per recipient and channel with one set-based insert per channel, then sends the due deliveries in batches through
/// the <see cref="IWarningChannel"/>s and writes their outcomes set-based. No delivery is tracked by EF on the way.
/// </summary>
/// <remarks>
/// Crash safety: a job is marked expanded in the transaction of its inserts, and the inserts ignore deliveries that
/// exist, so a re-run adds nothing twice. A delivery stays Queued or Retrying until its outcome is saved, so a crash
/// mid-batch sends that batch again with the same delivery ids (the recorders ignore a repeat; webhook receivers
/// dedupe); the SMTP channel commits what the server accepted every few messages, so a crash repeats at most those,
/// with the same Message-Id, and the CMPP channel's gateway deduplicates on the id in Reserve (decision 0028). One
/// dispatcher runs per process; with several nodes, run it on one (a lease is not implemented yet).
/// </remarks>
public sealed class Dispatcher(DbContextOptions<BeaconDb> dbOptions, IEnumerable<IWarningChannel> channels, TimeProvider clock,
    IOptions<WarningsOptions> options, ILogger<Dispatcher> logger, Deliveries.DeliverySignal signal) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Dictionary<WarningChannel, IWarningChannel> _channels = channels.ToDictionary(c => c.Channel);
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);

    private DisseminationOptions Options => options.Value.Dissemination;

    public void Dispose()
    {
        _round.Dispose();
        _wake.Dispose();
    }

    /// <summary>Wakes the background dispatcher now (after a sign-off) instead of at its next tick.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    internal Task<bool> WaitAsync(TimeSpan interval, CancellationToken ct) => _wake.WaitAsync(interval, ct);

    /// <summary>Expands pending jobs and sends every delivery that is due now; rounds never overlap in this process.</summary>
    public async Task<DispatchRound> RunOnceAsync(CancellationToken ct)
    {
        await _round.WaitAsync(ct);
        try
        {
            var jobs = await ExpandAsync(ct);
            var attempted = 0;
            while (true)
            {
                var n = await SendDueAsync(ct);
                attempted += n;
                if (n < Options.BatchSize)
                {
                    break;
                }

                if (Options.PauseMilliseconds > 0)
                {
                    await Task.Delay(Options.PauseMilliseconds, ct);
                }
            }

            return new DispatchRound(jobs, attempted);
        }
        finally
        {
            _round.Release();
        }
    }

    private BeaconDb NewDb() => new(dbOptions, Actor.System, clock);

    /// <summary>
    /// Turns pending jobs into deliveries: the active recipients whose areas intersect the warning's division codes
    /// (<see cref="AreaCodes"/>), plus, for an update or cancel, everyone an earlier message of the chain went to on
    /// that channel, so changes and the all-clear (解除) reach the same people.
    /// </summary>
    private async Task<int> ExpandAsync(CancellationToken ct)
    {
        await using var db = NewDb();
        var pending = await db.Set<DisseminationJob>().AsNoTracking().Where(j => j.ExpandedAt == null)
            .OrderBy(j => j.CreatedAt).Take(20).ToListAsync(ct);
        foreach (var job in pending)
        {
            await db.WriteAsync(token => ExpandJobAsync(db, job, token), ct);
        }

        signal.Raise([.. pending.Select(j => j.WarningId)]);

        return pending.Count;
    }

    private async Task ExpandJobAsync(BeaconDb db, DisseminationJob job, CancellationToken ct)
    {
        var warning = await db.Set<Warning>().AsNoTracking().Include(w => w.Areas).SingleAsync(w => w.Id == job.WarningId, ct);
        var prefixes = Targeting.Prefixes(warning.Areas);
        var shapes = Targeting.Shapes(warning.Areas);
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sql = new SqlParts(db);
        var contacts = new[] { (WarningChannel.Sms, "Phone"), (WarningChannel.Email, "Email"), (WarningChannel.Webhook, "WebhookUrl") };
        foreach (var (channel, contact) in contacts.Where(c => job.Includes(c.Item1)))
        {
            await using var cmd = sql.Command(tx);
            var w = sql.Add(cmd, warning.Id);
            var ch = sql.Add(cmd, channel);
            var at = sql.Add(cmd, now);
            var area = Targeting.AreaCondition(sql, cmd, prefixes);

            cmd.CommandText = $"""
                INSERT INTO {db.TableOf<Delivery>()} ("WarningId", "RecipientId", "Channel", "Status", "Attempts", "NextAttemptAt", "CreatedAt")
                SELECT {w}, r."Id", {ch}, 'Queued', 0, {at}, {at}
                FROM {db.TableOf<Recipient>()} r
                WHERE r."IsActive" AND r."{contact}" IS NOT NULL AND (
                    EXISTS (SELECT 1 FROM {db.TableOf<RecipientArea>()} a WHERE a."RecipientId" = r."Id" AND ({area}))
                    OR EXISTS (SELECT 1 FROM {db.TableOf<Delivery>()} d JOIN {db.TableOf<Warning>()} e ON e."Id" = d."WarningId"
                               WHERE d."RecipientId" = r."Id" AND d."Channel" = {ch} AND e."ChainId" = {sql.Add(cmd, warning.ChainId)} AND d."WarningId" <> {w}))
                ON CONFLICT DO NOTHING
                """;
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (!shapes.IsEmpty)
        {
            // Polygons and circles: the recipients whose point lies inside, in chunks (ids bound as parameters); the
            // unique key leaves out those the division codes already selected.
            var inside = await Targeting.InsideAsync(db, shapes, ct);
            foreach (var (channel, contact) in contacts.Where(c => job.Includes(c.Item1)))
            {
                foreach (var chunk in inside.Where(t => t.Has(channel)).Select(t => t.Id).Chunk(500))
                {
                    await using var cmd = sql.Command(tx);
                    var w = sql.Add(cmd, warning.Id);
                    var ch = sql.Add(cmd, channel);
                    var at = sql.Add(cmd, now);
                    var ids = string.Join(", ", chunk.Select(id => sql.Add(cmd, id)));
                    cmd.CommandText = $"""
                        INSERT INTO {db.TableOf<Delivery>()} ("WarningId", "RecipientId", "Channel", "Status", "Attempts", "NextAttemptAt", "CreatedAt")
                        SELECT {w}, r."Id", {ch}, 'Queued', 0, {at}, {at}
                        FROM {db.TableOf<Recipient>()} r
                        WHERE r."Id" IN ({ids}) AND r."IsActive" AND r."{contact}" IS NOT NULL
                        ON CONFLICT DO NOTHING
                        """;
                    await cmd.ExecuteNonQueryAsync(ct);
                }
            }
        }

        await db.Set<DisseminationJob>().Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.ExpandedAt, now), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Sends one batch of due deliveries, oldest first; returns how many were attempted.</summary>
    private async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var size = Options.BatchSize;
        await using var db = NewDb();
        var due = await DueAsync(db, DeliveryStatus.Queued, now, size, ct);
        if (due.Count < size)
        {
            due.AddRange(await DueAsync(db, DeliveryStatus.Retrying, now, size - due.Count, ct));
        }

        if (due.Count == 0)
        {
            return 0;
        }

        var warningIds = due.Select(d => d.WarningId).Distinct().ToList();
        var warnings = await db.Set<Warning>().AsNoTracking().Where(w => warningIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        var outcomes = new List<DeliveryOutcome>();
        var attempts = due.ToDictionary(d => d.Id, d => d.Attempts);
        foreach (var group in due.GroupBy(d => d.Channel))
        {
            var batch = new List<OutboundMessage>();
            foreach (var d in group)
            {
                if (!d.IsActive || d.To is null)
                {
                    outcomes.Add(new DeliveryOutcome(d.Id, false, d.IsActive ? $"the recipient has no {d.Channel} address any more" : "the recipient was deactivated", Permanent: true));
                    continue;
                }

                batch.Add(Message(warnings[d.WarningId], d));
            }

            if (!_channels.TryGetValue(group.Key, out var channel))
            {
                outcomes.AddRange(batch.Select(m => new DeliveryOutcome(m.DeliveryId, false, $"no {group.Key} channel is configured")));
                continue;
            }

            try
            {
                outcomes.AddRange(await channel.SendAsync(batch, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The {Channel} channel failed a batch of {Count}; it is retried", group.Key, batch.Count);
                outcomes.AddRange(batch.Select(m => new DeliveryOutcome(m.DeliveryId, false, e.GetType().Name)));
            }
        }

        await db.WriteAsync(token => SaveOutcomesAsync(db, outcomes, attempts, now, token), ct);
        signal.Raise(warningIds);
        return due.Count;
    }

    private static Task<List<Due>> DueAsync(BeaconDb db, DeliveryStatus status, DateTimeOffset now, int take, CancellationToken ct) =>
        db.Set<Delivery>().AsNoTracking()
            .Where(d => d.Status == status && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(take)
            .Join(db.Set<Recipient>(), d => d.RecipientId, r => r.Id, (d, r) => new Due(
                d.Id, d.WarningId, d.Channel, d.Attempts, r.IsActive,
                d.Channel == WarningChannel.Sms ? r.Phone : d.Channel == WarningChannel.Email ? r.Email : r.WebhookUrl,
                d.Channel == WarningChannel.Webhook ? r.WebhookSecret : null))
            .ToListAsync(ct);

    /// <summary>
    /// Saves outcomes set-based: one update for everything sent (but what a recorder marked itself), one per
    /// kind of failure. A failed attempt is retried after a growing pause until <see cref="DisseminationOptions.MaxAttempts"/>.
    /// </summary>
    private async Task SaveOutcomesAsync(BeaconDb db, List<DeliveryOutcome> outcomes, Dictionary<long, int> attempts, DateTimeOffset now, CancellationToken ct)
    {
        var sent = outcomes.Where(o => o.Sent && !o.Saved && o.Answer is null && o.ExternalId is null).Select(o => o.DeliveryId).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // What a real far end answered differs message by message (its queue id): one update per answer.
        foreach (var answered in outcomes.Where(o => o.Sent && !o.Saved && (o.Answer is not null || o.ExternalId is not null))
                     .GroupBy(o => (answer: o.Answer is null ? null : Cut(o.Answer, 500), externalId: o.ExternalId is null ? null : Cut(o.ExternalId, 64))))
        {
            var ids = answered.Select(o => o.DeliveryId).ToList();
            var (answer, externalId) = answered.Key;
            await db.Set<Delivery>()
                .Where(d => ids.Contains(d.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Sent)
                    .SetProperty(d => d.SentAt, now)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.LastError, (string?)null)
                    .SetProperty(d => d.Answer, answer)
                    .SetProperty(d => d.ExternalId, externalId), ct);
        }

        foreach (var chunk in sent.Chunk(5000))
        {
            await db.Set<Delivery>()
                .Where(d => chunk.Contains(d.Id))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Sent)
                    .SetProperty(d => d.SentAt, now)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.LastError, (string?)null), ct);
        }

        var failures = outcomes.Where(o => !o.Sent).GroupBy(o =>
        {
            var tried = attempts.GetValueOrDefault(o.DeliveryId) + 1;
            var status = o.Permanent ? DeliveryStatus.Failed : tried >= Options.MaxAttempts ? DeliveryStatus.GivenUp : DeliveryStatus.Retrying;
            var next = status == DeliveryStatus.Retrying ? now + Options.BackoffAfter(tried) : now;
            return (status, next, error: Cut(o.Error ?? "failed", 500), answer: o.Answer is null ? null : Cut(o.Answer, 500));
        });
        foreach (var group in failures)
        {
            var ids = group.Select(o => o.DeliveryId).ToList();
            var (status, next, error, answer) = group.Key;
            await db.Set<Delivery>()
                .Where(d => ids.Contains(d.Id) && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Retrying))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                    .SetProperty(d => d.LastError, error)
                    // A channel that saved the far end's answer itself (Saved) gives none here: keep what it wrote.
                    .SetProperty(d => d.Answer, d => answer ?? d.Answer), ct);
        }

        await tx.CommitAsync(ct);
    }

    private OutboundMessage Message(Warning w, Due d)
    {
        var exercise = w.Status == WarningStatus.Exercise ? "【演练】" : "";
        var cancel = w.Change == WarningChange.Cancel;
        var headline = cancel && !w.Headline.Contains("解除", StringComparison.Ordinal) ? "解除：" + w.Headline : w.Headline;
        return d.Channel switch
        {
            WarningChannel.Sms => new(d.Id, d.Channel, d.To!, null, SmsText(w, Options.SmsMaxLength)),
            WarningChannel.Email => new(d.Id, d.Channel, d.To!, Cut(exercise + headline, 300),
                Cut($"{headline}\n\n{w.Description}\n\n防御指南：{w.Instruction}\n\n发布单位：{w.IssuerName}\n预警编号：{w.Identifier}", 4000)),
            _ => new(d.Id, d.Channel, d.To!, null, JsonSerializer.Serialize(new
            {
                deliveryId = d.Id,
                warningId = w.Id,
                chainId = w.ChainId,
                identifier = w.Identifier,
                change = w.Change.ToString(),
                status = w.Status.ToString(),
                level = w.Level.ToString(),
                levelName = Warning.LevelName(w.Level),
                eventCode = w.EventCode,
                eventName = w.EventName,
                issuer = w.IssuerName,
                sentAt = w.SentAt,
                effectiveAt = w.EffectiveAt,
                expiresAt = w.ExpiresAt,
                headline,
                description = w.Description,
                instruction = w.Instruction,
            }, Json), d.Secret),
        };
    }

    /// <summary>The SMS of a warning (what the leader sees at sign-off and what the gateway gets), cut to <paramref name="max"/> characters.</summary>
    internal static string SmsText(Warning w, int max)
    {
        var exercise = w.Status == WarningStatus.Exercise ? "【演练】" : "";
        var headline = w.Change == WarningChange.Cancel && !w.Headline.Contains("解除", StringComparison.Ordinal) ? "解除：" + w.Headline : w.Headline;
        return Cut($"{exercise}【{w.IssuerName}】{headline}。{w.Instruction}", max);
    }

    /// <summary>
    /// Parts an SMS of <paramref name="text"/> takes in UCS-2 (Chinese): 70 characters fit one message, a longer one is
    /// sent in parts of 67 (the rest of each 140 bytes carries the concatenation header, UDH) and joined on the handset.
    /// </summary>
    public static int SmsParts(string text) => text.Length <= 70 ? 1 : (text.Length + 66) / 67;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed record Due(long Id, Guid WarningId, WarningChannel Channel, int Attempts, bool IsActive, string? To, string? Secret);
}

/// <summary>Runs the <see cref="Dispatcher"/> every <see cref="DisseminationOptions.IntervalMilliseconds"/> (wall clock) and whenever it is woken.</summary>
internal sealed class DispatcherService(Dispatcher dispatcher, IOptions<WarningsOptions> options, ILogger<DispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Dissemination.IntervalMilliseconds;
        if (interval <= 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.WaitAsync(TimeSpan.FromMilliseconds(interval), stoppingToken);
                await dispatcher.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A dissemination round failed; it runs again on the next tick");
            }
        }
    }
}
