using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Beacon.Warnings.Dissemination.Email;

/// <summary>
/// E-mail over SMTP (MailKit): one connection per batch (opened again after
/// <see cref="EmailOptions.MessagesPerConnection"/>), STARTTLS or TLS and SMTP AUTH as configured, a plain-text and an
/// HTML body in UTF-8, and its own rate (<see cref="EmailOptions.MaxPerSecond"/>). Each delivery is one message to one
/// recipient, so a refused recipient fails that delivery alone.
/// </summary>
/// <remarks>
/// What the far end answered is kept on the delivery: the 250 reply (and the queue id in it) when accepted; a 5xx
/// refusal fails the delivery for good with the reply as reason; a 4xx, a refused or broken connection or a timeout is
/// retried by the dispatcher with backoff. What the server accepted is committed by the channel itself, every
/// <see cref="EmailOptions.RecordEvery"/> messages (decision 0028). At least once: a crash after the server's 250 and
/// before that commit sends those messages (at most <see cref="EmailOptions.RecordEvery"/>) again, with the same
/// <c>Message-Id</c> (<c>&lt;delivery-{id}@…&gt;</c>) and <c>X-Beacon-Delivery</c>, so a mail system that
/// deduplicates on Message-Id (or a reader) can tell the repeat.
/// </remarks>
internal sealed partial class SmtpEmailChannel(DbContextOptions<BeaconDb> dbOptions, IOptions<WarningsOptions> options, TimeProvider clock,
    ILogger<SmtpEmailChannel> logger) : IWarningChannel
{
    private readonly Lock _pace = new();
    private long _nextSlot;

    public WarningChannel Channel => WarningChannel.Email;

    private EmailOptions Options => options.Value.Dissemination.Email;

    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        var o = Options;
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        // Accepted by the server and not yet committed: what a crash now would send again.
        var accepted = new List<(long Id, string Answer, string? ExternalId)>();
        using var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        var onThisConnection = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var m = batch[i];
            if (!client.IsConnected || (o.MessagesPerConnection > 0 && onThisConnection >= o.MessagesPerConnection))
            {
                await QuitAsync(client);
                try
                {
                    await ConnectAsync(client, o, ct);
                    onThisConnection = 0;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    // Nothing more gets through this round: every message left is retried after the backoff.
                    var reason = Describe(e);
                    logger.LogWarning("The SMTP server {Host}:{Port} could not be reached: {Reason}; {Count} messages are retried", o.Host, o.Port, reason, batch.Count - i);
                    outcomes.AddRange(batch.Skip(i).Select(x => new DeliveryOutcome(x.DeliveryId, Sent: false, reason)));
                    await RecordAsync(accepted, outcomes, ct);
                    return outcomes;
                }
            }

            await PaceAsync(o, ct);
            onThisConnection++;
            try
            {
                var reply = await client.SendAsync(Message(m, o), ct);
                accepted.Add((m.DeliveryId, Cut("250 " + reply.Trim(), 500), QueueId(reply)));
                if (accepted.Count >= Math.Max(1, o.RecordEvery))
                {
                    await RecordAsync(accepted, outcomes, ct);
                }
            }
            catch (SmtpCommandException e)
            {
                // MailKit has reset the transaction; the connection serves the next message.
                var code = (int)e.StatusCode;
                var answer = Cut($"{code.ToString(CultureInfo.InvariantCulture)} {e.Message.Trim()}", 500);
                outcomes.Add(new DeliveryOutcome(m.DeliveryId, Sent: false, answer, Permanent: code >= 500, Answer: answer));
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is SmtpProtocolException or IOException or ServiceNotConnectedException or OperationCanceledException)
            {
                // The connection broke mid-message: whether the server kept it is unknown, so it is retried.
                outcomes.Add(new DeliveryOutcome(m.DeliveryId, Sent: false, Describe(e)));
                await QuitAsync(client);
            }
        }

        await QuitAsync(client);
        await RecordAsync(accepted, outcomes, ct);
        return outcomes;
    }

    /// <summary>
    /// Commits what the server accepted (Sent, with its reply and queue id), one statement per message in one
    /// transaction, and hands the dispatcher outcomes marked <see cref="DeliveryOutcome.Saved"/>.
    /// </summary>
    private async Task RecordAsync(List<(long Id, string Answer, string? ExternalId)> accepted, List<DeliveryOutcome> outcomes, CancellationToken ct)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var db = new BeaconDb(dbOptions, Actor.System, clock);
        await db.WriteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var sql = new SqlParts(db);
            await using var cmd = sql.Command(tx);
            var at = sql.Add(cmd, now);
            var text = new StringBuilder();
            foreach (var (id, answer, externalId) in accepted)
            {
                // By id only (see RecordingChannel): the dispatcher's rounds never overlap, so these ids are still due.
                text.Append(CultureInfo.InvariantCulture, $"UPDATE {db.TableOf<Delivery>()} SET \"Status\" = 'Sent', \"SentAt\" = {at}, \"Attempts\" = \"Attempts\" + 1, ")
                    .Append(CultureInfo.InvariantCulture, $"\"LastError\" = NULL, \"Answer\" = {sql.Add(cmd, answer)}, \"ExternalId\" = {sql.Add(cmd, externalId)} WHERE \"Id\" = {SqlParts.Ids([id])};\n");
            }

            cmd.CommandText = text.ToString();
            await cmd.ExecuteNonQueryAsync(token);
            await tx.CommitAsync(token);
        }, ct);
        outcomes.AddRange(accepted.Select(a => new DeliveryOutcome(a.Id, Sent: true, Saved: true, Answer: a.Answer, ExternalId: a.ExternalId)));
        accepted.Clear();
    }

    private static async Task ConnectAsync(SmtpClient client, EmailOptions o, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(o.Host))
        {
            throw new InvalidOperationException("Beacon:Warnings:Dissemination:Email:Host is not set");
        }

        var security = o.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }
    }

    private async Task QuitAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, quit.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The messages are already accounted for; a server that hangs up rudely changes nothing.
            logger.LogDebug(e, "QUIT to the SMTP server failed");
        }
    }

    /// <summary>Holds each message to its slot when a rate is set: slots <c>1 / MaxPerSecond</c> apart, shared by every batch.</summary>
    private async Task PaceAsync(EmailOptions o, CancellationToken ct)
    {
        if (o.MaxPerSecond <= 0)
        {
            return;
        }

        var gap = TimeSpan.FromSeconds(1 / o.MaxPerSecond).Ticks;
        var now = clock.GetUtcNow().UtcTicks;
        long slot;
        lock (_pace)
        {
            slot = Math.Max(now, _nextSlot);
            _nextSlot = slot + gap;
        }

        if (slot > now)
        {
            await Task.Delay(TimeSpan.FromTicks(slot - now), clock, ct);
        }
    }

    internal static MimeMessage Message(OutboundMessage m, EmailOptions o)
    {
        var from = MailboxAddress.Parse(o.From);
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(m.To));
        message.Subject = m.Subject ?? "";
        message.MessageId = $"delivery-{m.DeliveryId.ToString(CultureInfo.InvariantCulture)}@{from.Domain}";
        message.Headers.Add("X-Beacon-Delivery", m.DeliveryId.ToString(CultureInfo.InvariantCulture));
        message.Body = new BodyBuilder { TextBody = m.Body, HtmlBody = Html(m.Subject, m.Body) }.ToMessageBody();
        return message;
    }

    /// <summary>The plain text as HTML: encoded, a paragraph per blank-line block, line breaks kept.</summary>
    internal static string Html(string? subject, string body)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(subject ?? "")).Append("</title></head><body>");
        foreach (var block in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(block).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>The server's queue id from its 250 reply (Postfix, Exim, Sendmail say "queued as X" or "id=X").</summary>
    internal static string? QueueId(string reply)
    {
        var match = QueueIdPattern().Match(reply);
        return match.Success ? Cut(match.Groups["id"].Value, 64) : null;
    }

    private static string Describe(Exception e) => Cut(e switch
    {
        System.Net.Sockets.SocketException s => $"SMTP connection failed: {s.SocketErrorCode}",
        SmtpCommandException c => $"{(int)c.StatusCode} {c.Message}",
        MailKit.Security.AuthenticationException => "SMTP authentication refused",
        SslHandshakeException => "TLS handshake with the SMTP server failed",
        OperationCanceledException or TimeoutException => "the SMTP server did not answer in time",
        _ => $"SMTP: {e.GetType().Name}: {e.Message}",
    }, 500);

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [GeneratedRegex(@"(?:queued as|id=)\s*<?(?<id>[A-Za-z0-9._@-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex QueueIdPattern();
}
