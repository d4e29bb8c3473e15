using System.Globalization;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>
/// SMS (短信) through a carrier's gateway over CMPP 2.0 (<see cref="CmppClient"/>). A message goes as one submit, or in
/// UCS-2 parts of 67 characters with a UDH (<see cref="SmsText"/>). A delivery the gateway accepted is Sent, with the
/// gateway's answer and the first part's Msg_Id; its parts are kept (<see cref="SmsPart"/>) for the status reports
/// (状态报告), which make it Delivered when every part was delivered, or Failed with the report's Stat.
/// </summary>
/// <remarks>
/// Guarantee: a part is submitted until the gateway answered it (see <see cref="CmppClient"/> across reconnections),
/// and the answers are saved with the deliveries' status in one transaction. A crash between the gateway's answer and
/// that commit leaves the delivery due, and the dispatcher hands it over again with the same delivery id, which goes in
/// Reserve again: exactly once with a gateway that deduplicates on it, at least once otherwise (decision 0025).
/// Status reports are answered only after they are saved. One caller at a time (the dispatcher's rounds never overlap).
/// </remarks>
internal sealed class CmppSmsChannel : IWarningChannel, IAsyncDisposable, IDisposable
{
    private readonly DbContextOptions<BeaconDb> _db;
    private readonly TimeProvider _clock;
    private readonly ILogger<CmppSmsChannel> _logger;
    private Task _saving = Task.CompletedTask;

    public CmppSmsChannel(DbContextOptions<BeaconDb> db, TimeProvider clock, IOptions<WarningsOptions> options, ILogger<CmppSmsChannel> logger)
    {
        _db = db;
        _clock = clock;
        _logger = logger;
        Client = new CmppClient(options.Value.Dissemination.Sms.Cmpp, clock, logger, OnReportAsync);
    }

    public WarningChannel Channel => WarningChannel.Sms;

    internal CmppClient Client { get; }

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    public void Dispose() => Client.Close();

    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return [];
        }

        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _saving = saved.Task;
        try
        {
            var results = await Task.WhenAll(batch.Select(m => SubmitAsync(m, ct)));
            var now = _clock.GetUtcNow();
            await using var db = new BeaconDb(_db, Actor.System, _clock);
            await db.WriteAsync(token => SaveAsync(db, results, now, token), ct);
            return [.. results.Select(r => r.Outcome)];
        }
        finally
        {
            saved.TrySetResult();
        }
    }

    private async Task<Submitted> SubmitAsync(OutboundMessage m, CancellationToken ct)
    {
        var phone = m.To.Trim().TrimStart('+');
        if (phone.Length is 0 or > 21 || !phone.All(char.IsAsciiDigit))
        {
            return Refused(m, "not a number the SMS gateway takes", permanent: true);
        }

        var texts = SmsText.Split(m.Body);
        if (texts.Count is 0 or > SmsText.MaxParts)
        {
            return Refused(m, $"a text of {texts.Count} parts cannot be sent", permanent: true);
        }

        // The UDH reference comes from the delivery, so a part sent again carries the same one.
        var reference = (byte)(m.DeliveryId & 0xFF);
        var total = (byte)texts.Count;
        CmppSubmitAnswer[] answers;
        try
        {
            answers = await Task.WhenAll(texts.Select((text, i) => Client.SubmitAsync(
                new CmppSubmit(m.DeliveryId, phone, total, (byte)(i + 1), CmppWire.Content(text, reference, total, (byte)(i + 1)), total > 1), ct)));
        }
        catch (Exception e) when (e is CmppLoginException or CmppUnavailableException)
        {
            return Refused(m, e.Message, permanent: false);
        }

        var refused = Array.FindIndex(answers, a => a.Result != 0);
        if (refused >= 0)
        {
            var result = answers[refused].Result;
            var answer = $"CMPP SUBMIT_RESP Result {result}: {CmppWire.SubmitResult(result)}" + (total > 1 ? $" (part {refused + 1}/{total})" : "");
            // 8 (流量控制错): the gateway is busy, try later; the others will not change by trying again.
            return new Submitted(m.DeliveryId, [], new DeliveryOutcome(m.DeliveryId, Sent: false, answer, Permanent: result != 8), answer, null);
        }

        var first = answers[0].MsgId.ToString(CultureInfo.InvariantCulture);
        var accepted = $"CMPP 网关已接收 accepted: Msg_Id {first}" + (total > 1 ? $", {total} parts" : "");
        return new Submitted(m.DeliveryId, answers, new DeliveryOutcome(m.DeliveryId, Sent: true, Saved: true), accepted, first);
    }

    private static Submitted Refused(OutboundMessage m, string error, bool permanent) =>
        new(m.DeliveryId, [], new DeliveryOutcome(m.DeliveryId, Sent: false, error, permanent), null, null);

    private static async Task SaveAsync(BeaconDb db, Submitted[] results, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sql = new SqlParts(db);
        var parts = results.Where(r => r.Outcome.Sent).SelectMany(r => r.Parts.Select((a, i) => (r.DeliveryId, Number: i + 1, Total: r.Parts.Length, a.MsgId))).ToList();
        foreach (var chunk in parts.Chunk(100))
        {
            await using var cmd = sql.Command(tx);
            var text = new StringBuilder($"INSERT INTO {db.TableOf<SmsPart>()} (\"DeliveryId\", \"Number\", \"Total\", \"MsgId\", \"SubmittedAt\") VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = chunk[i];
                text.Append(i == 0 ? "(" : ", (")
                    .Append(sql.Add(cmd, p.DeliveryId)).Append(", ").Append(sql.Add(cmd, p.Number)).Append(", ")
                    .Append(sql.Add(cmd, p.Total)).Append(", ").Append(sql.Add(cmd, unchecked((long)p.MsgId))).Append(", ")
                    .Append(sql.Add(cmd, now)).Append(')');
            }

            // Sent again after a crash: the newest answer counts, and the reports of the old one no longer match.
            cmd.CommandText = text.Append("""
                 ON CONFLICT ("DeliveryId", "Number") DO UPDATE SET "Total" = excluded."Total", "MsgId" = excluded."MsgId",
                 "SubmittedAt" = excluded."SubmittedAt", "Stat" = NULL, "ReportedAt" = NULL
                """).ToString();
            await cmd.ExecuteNonQueryAsync(ct);
        }

        foreach (var r in results.Where(r => r.Answer is not null))
        {
            await using var cmd = sql.Command(tx);
            cmd.CommandText = r.Outcome.Sent
                ? $"UPDATE {db.TableOf<Delivery>()} SET \"Status\" = 'Sent', \"SentAt\" = {sql.Add(cmd, now)}, \"Attempts\" = \"Attempts\" + 1, \"LastError\" = NULL, \"Answer\" = {sql.Add(cmd, r.Answer)}, \"ExternalId\" = {sql.Add(cmd, r.ExternalId)} WHERE \"Id\" = {sql.Add(cmd, r.DeliveryId)}"
                : $"UPDATE {db.TableOf<Delivery>()} SET \"Answer\" = {sql.Add(cmd, r.Answer)} WHERE \"Id\" = {sql.Add(cmd, r.DeliveryId)}";
            await cmd.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }

    /// <summary>A status report: the part it names, then its delivery (all parts DELIVRD: Delivered; any other Stat: Failed).</summary>
    private async Task OnReportAsync(CmppStatusReport report, CancellationToken ct)
    {
        // A report can overtake the saving of its submit's answer: then wait for the batch being saved.
        var saving = _saving;
        var msgId = unchecked((long)report.MsgId);
        await using var db = new BeaconDb(_db, Actor.System, _clock);
        var part = await db.Set<SmsPart>().AsNoTracking().FirstOrDefaultAsync(p => p.MsgId == msgId, ct);
        if (part is null && !saving.IsCompleted)
        {
            await saving.WaitAsync(ct);
            part = await db.Set<SmsPart>().AsNoTracking().FirstOrDefaultAsync(p => p.MsgId == msgId, ct);
        }

        if (part is null)
        {
            _logger.LogWarning("A CMPP status report {Stat} names Msg_Id {MsgId}, which no delivery has; answered and dropped", report.Stat, report.MsgId);
            return;
        }

        var now = _clock.GetUtcNow();
        var stat = report.Stat.Length > 7 ? report.Stat[..7] : report.Stat;
        await db.WriteAsync(async token =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(token);
            await db.Set<SmsPart>().Where(p => p.DeliveryId == part.DeliveryId && p.Number == part.Number)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stat, stat).SetProperty(p => p.ReportedAt, now), token);
            var sent = db.Set<Delivery>().Where(d => d.Id == part.DeliveryId && d.Status == DeliveryStatus.Sent);
            if (stat == "DELIVRD")
            {
                var delivered = await db.Set<SmsPart>().CountAsync(p => p.DeliveryId == part.DeliveryId && p.Stat == "DELIVRD", token);
                if (delivered >= part.Total)
                {
                    var at = CmppWire.DoneTime(report.DoneTime) is { } done && done <= now ? done : now;
                    await sent.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.DeliveredAt, at), token);
                }
            }
            else
            {
                var reason = $"状态报告 status report {stat}: {StatMeaning(stat)}" + (part.Total > 1 ? $" (part {part.Number}/{part.Total})" : "");
                await sent.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Failed).SetProperty(d => d.LastError, reason), token);
            }

            await tx.CommitAsync(token);
        }, ct);
    }

    /// <summary>The meaning of a status report's Stat (SMPP 3.3 message states, as CMPP gateways report them).</summary>
    public static string StatMeaning(string stat) => stat switch
    {
        "DELIVRD" => "delivered to the handset",
        "EXPIRED" => "not delivered within its validity",
        "DELETED" => "deleted",
        "UNDELIV" => "undeliverable",
        "ACCEPTD" => "accepted, state unknown",
        "REJECTD" => "rejected",
        "UNKNOWN" => "state unknown",
        _ => "failed (gateway's code)",
    };

    private sealed record Submitted(long DeliveryId, CmppSubmitAnswer[] Parts, DeliveryOutcome Outcome, string? Answer, string? ExternalId);
}
