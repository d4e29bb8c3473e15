using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination;

/// <summary>
/// One message of a batch. <see cref="DeliveryId"/> is the idempotency key: a channel that is handed the same
/// delivery twice (after a crash between sending and recording the outcome) must deliver it at most once, or say
/// that the receiver dedupes on it.
/// </summary>
public sealed record OutboundMessage(long DeliveryId, WarningChannel Channel, string To, string? Subject, string Body, string? Secret = null);

/// <summary>
/// What became of one message: sent, or failed with a reason, permanently (not retried) or not. <see cref="Saved"/>:
/// the channel already wrote the delivery's status itself, in the transaction of its own record. <see cref="Answer"/>:
/// what the far end answered in its own words (an SMTP reply), kept on the delivery (≤ 500 characters);
/// <see cref="ExternalId"/>: the far end's id of the message (an SMTP queue id, ≤ 64).
/// </summary>
public sealed record DeliveryOutcome(long DeliveryId, bool Sent, string? Error = null, bool Permanent = false, bool Saved = false,
    string? Answer = null, string? ExternalId = null);

/// <summary>
/// A way to reach recipients (SMS, e-mail, webhook). Batches in, one outcome per message out, in any order.
/// Implementations say their delivery guarantee; the dispatcher retries messages whose outcome is a transient failure
/// and those it never got an outcome for (a crash), with the same <see cref="OutboundMessage.DeliveryId"/>.
/// </summary>
public interface IWarningChannel
{
    WarningChannel Channel { get; }

    Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct);
}

/// <summary>
/// The development SMS and e-mail channels: they record each message in <c>outbound_messages</c> instead of sending it
/// (no production gateway is configured yet). Exactly once: the recorded rows and the deliveries' Sent status are
/// written in one transaction, and a delivery is recorded at most once (unique DeliveryId, the insert ignores a repeat).
/// </summary>
internal abstract class RecordingChannel(DbContextOptions<BeaconDb> options, TimeProvider clock) : IWarningChannel
{
    /// <summary>
    /// Rows per insert statement. SQLite looks a named parameter up by a linear scan, so binding is quadratic in the
    /// parameters of one statement: short statements there, long ones on PostgreSQL.
    /// </summary>
    private static int RowsPerStatement(BeaconDb db) => db.IsSqlite ? 50 : 1000;

    /// <summary>The answer stored on a delivery the recorder took: it was written down, not sent to anybody.</summary>
    public const string RecorderAnswer = "recorder: recorded, not sent";

    public abstract WarningChannel Channel { get; }

    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        await using var db = new BeaconDb(options, Actor.System, clock);
        await db.WriteAsync(token => RecordAsync(db, batch, now, token), ct);
        return [.. batch.Select(m => new DeliveryOutcome(m.DeliveryId, Sent: true, Saved: true))];
    }

    private static async Task RecordAsync(BeaconDb db, IReadOnlyList<OutboundMessage> batch, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sql = new SqlParts(db);
        foreach (var chunk in batch.Chunk(RowsPerStatement(db)))
        {
            await using var cmd = sql.Command(tx);
            var text = new StringBuilder($"INSERT INTO {db.TableOf<RecordedMessage>()} (\"DeliveryId\", \"Channel\", \"To\", \"Subject\", \"Body\", \"RecordedAt\") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var m = chunk[i];
                text.Append(i == 0 ? "" : ", ").Append('(')
                    .Append(sql.Add(cmd, m.DeliveryId)).Append(", ").Append(sql.Add(cmd, m.Channel)).Append(", ")
                    .Append(sql.Add(cmd, m.To)).Append(", ").Append(sql.Add(cmd, m.Subject)).Append(", ")
                    .Append(sql.Add(cmd, m.Body)).Append(", ").Append(sql.Add(cmd, now)).Append(')');
            }

            cmd.CommandText = text.Append(" ON CONFLICT DO NOTHING").ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await using (var sent = sql.Command(tx))
        {
            // By id only: a status condition tempts SQLite's planner into scanning every queued delivery, and the
            // dispatcher's rounds never overlap, so these ids are still due.
            sent.CommandText = $"UPDATE {db.TableOf<Delivery>()} SET \"Status\" = 'Sent', \"SentAt\" = {sql.Add(sent, now)}, \"Attempts\" = \"Attempts\" + 1, \"LastError\" = NULL, \"Answer\" = '{RecorderAnswer}' WHERE \"Id\" IN ({SqlParts.Ids(batch.Select(m => m.DeliveryId))})";
            await sent.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}

/// <summary>SMS (短信), development implementation: recorded, not sent. A production gateway is not configured yet.</summary>
internal sealed class RecordingSmsChannel(DbContextOptions<BeaconDb> options, TimeProvider clock) : RecordingChannel(options, clock)
{
    public override WarningChannel Channel => WarningChannel.Sms;
}

/// <summary>E-mail, development implementation: recorded, not sent. A production mail server is not configured yet.</summary>
internal sealed class RecordingEmailChannel(DbContextOptions<BeaconDb> options, TimeProvider clock) : RecordingChannel(options, clock)
{
    public override WarningChannel Channel => WarningChannel.Email;
}

/// <summary>
/// Signed webhooks: a JSON POST to the recipient's URL with <c>X-Beacon-Delivery</c> (the delivery id),
/// <c>X-Beacon-Timestamp</c> (Unix seconds) and <c>X-Beacon-Signature: sha256=&lt;hex HMAC-SHA256 of
/// "{timestamp}.{body}" keyed with the recipient's secret&gt;</c>. At least once: a crash after the POST and before
/// its outcome is saved sends it again, so receivers dedupe on <c>X-Beacon-Delivery</c>. A 2xx answer is success;
/// 4xx (except 408 and 429) a permanent failure; anything else is retried.
/// </summary>
internal sealed class WebhookChannel(IHttpClientFactory clients, TimeProvider clock, IOptions<WarningsOptions> options) : IWarningChannel
{
    public const string ClientName = "beacon-webhooks";

    public WarningChannel Channel => WarningChannel.Webhook;

    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        var o = options.Value.Dissemination;
        var outcomes = new ConcurrentBag<DeliveryOutcome>();
        var http = clients.CreateClient(ClientName);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.WebhookParallelism), CancellationToken = ct }, async (m, token) =>
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, m.To) { Content = new StringContent(m.Body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Beacon-Delivery", m.DeliveryId.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Beacon-Timestamp", timestamp);
            request.Headers.Add("X-Beacon-Signature", "sha256=" + Sign(m.Secret ?? "", timestamp, m.Body));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(o.WebhookTimeout);
            try
            {
                using var response = await http.SendAsync(request, timeout.Token);
                var code = (int)response.StatusCode;
                outcomes.Add(response.IsSuccessStatusCode
                    ? new DeliveryOutcome(m.DeliveryId, Sent: true)
                    : new DeliveryOutcome(m.DeliveryId, Sent: false, $"HTTP {code}",
                        Permanent: code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                outcomes.Add(new DeliveryOutcome(m.DeliveryId, Sent: false, $"no answer within {o.WebhookTimeout.TotalSeconds:0} s"));
            }
            catch (HttpRequestException e)
            {
                outcomes.Add(new DeliveryOutcome(m.DeliveryId, Sent: false, e.HttpRequestError.ToString()));
            }
        });
        return [.. outcomes];
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <c>{timestamp}.{body}</c>.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
}

/// <summary>
/// Raw commands for the set-based writes, with parameters in the form EF stores them: SQLite keeps Guids as upper-case
/// text and times as UTC ticks, PostgreSQL has types for both; enums are stored by name.
/// </summary>
internal sealed class SqlParts(BeaconDb db)
{
    public bool IsSqlite { get; } = db.IsSqlite;

    public DbCommand Command(IDbContextTransaction tx)
    {
        var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.Transaction = tx.GetDbTransaction();
        return cmd;
    }

    /// <summary>Delivery ids as a literal list: numbers only, and one bound parameter per id would make binding quadratic on SQLite.</summary>
    public static string Ids(IEnumerable<long> ids) => string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public string Add(DbCommand cmd, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = "@p" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture);
        p.Value = value switch
        {
            null => DBNull.Value,
            Guid g when IsSqlite => g.ToString().ToUpperInvariant(),
            DateTimeOffset t when IsSqlite => t.UtcTicks,
            DateTimeOffset t => t.ToUniversalTime(),
            Enum e => e.ToString(),
            _ => value,
        };
        cmd.Parameters.Add(p);
        return p.ParameterName;
    }
}
