using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Dissemination.Sms;

/// <summary>How the HTTP gateway's request is signed.</summary>
public enum HttpSmsSignature
{
    /// <summary>Lower-case hex HMAC-SHA256 of the signature template, keyed with the secret.</summary>
    HmacSha256,

    /// <summary>Lower-case hex SHA-256 of the signature template (which names <c>{secret}</c> where the provider wants it).</summary>
    Sha256,

    /// <summary>Lower-case hex MD5 of the signature template, as many Chinese SMS providers ask.</summary>
    Md5,
}

/// <summary>
/// A provider that takes SMS only over HTTP (<c>Beacon:Warnings:Dissemination:Sms:Http</c>): one GET per message to
/// <see cref="UrlTemplate"/>, whose placeholders <c>{account}</c>, <c>{phone}</c>, <c>{text}</c>, <c>{reference}</c>
/// (the delivery id), <c>{timestamp}</c> (Unix seconds) and <c>{signature}</c> are filled in URL-encoded.
/// </summary>
public sealed class HttpSmsOptions
{
    public string UrlTemplate { get; set; } = "";

    public string Account { get; set; } = "";

    public string Secret { get; set; } = "";

    /// <summary>What is signed: the same placeholders and <c>{secret}</c>, filled in as they are (not encoded).</summary>
    public string SignatureTemplate { get; set; } = "{account}{phone}{timestamp}{reference}{text}";

    public HttpSmsSignature Signature { get; set; } = HttpSmsSignature.HmacSha256;

    /// <summary>A regular expression the answer's body must match besides a 2xx status (none: any 2xx is acceptance).</summary>
    public string? SuccessPattern { get; set; }

    /// <summary>A regular expression whose group <c>id</c> finds the provider's message id in the answer.</summary>
    public string? MessageIdPattern { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requests in flight at once.</summary>
    public int Parallelism { get; set; } = 8;

    public IEnumerable<string> Problems()
    {
        const string key = "Beacon:Warnings:Dissemination:Sms:Http";
        var probe = UrlTemplate.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{key}:UrlTemplate must be an absolute http(s) URL";
        }

        if (!UrlTemplate.Contains("{phone}", StringComparison.Ordinal) || !UrlTemplate.Contains("{text}", StringComparison.Ordinal))
        {
            yield return $"{key}:UrlTemplate must name {{phone}} and {{text}}";
        }

        if (UrlTemplate.Contains("{signature}", StringComparison.Ordinal) && Secret.Length == 0)
        {
            yield return $"{key}:Secret is required to sign the requests";
        }

        foreach (var (name, pattern) in new[] { (nameof(SuccessPattern), SuccessPattern), (nameof(MessageIdPattern), MessageIdPattern) })
        {
            if (pattern is not null && !IsRegex(pattern))
            {
                yield return $"{key}:{name} is not a regular expression";
            }
        }

        if (Timeout <= TimeSpan.Zero || Parallelism < 1)
        {
            yield return $"{key}:Timeout must be positive and Parallelism at least 1";
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>
/// SMS through a provider's HTTP interface (<see cref="HttpSmsOptions"/>). At least once: a crash after the request
/// and before its outcome is saved sends it again with the same <c>{reference}</c>, on which the provider may dedupe.
/// A 2xx answer matching <see cref="HttpSmsOptions.SuccessPattern"/> is acceptance (Sent, with the body as the answer
/// and the message id found by <see cref="HttpSmsOptions.MessageIdPattern"/>); 4xx but 408 and 429 is a permanent
/// failure; anything else is retried. Long texts are the provider's to split.
/// </summary>
internal sealed class HttpSmsChannel(IHttpClientFactory clients, DbContextOptions<BeaconDb> db, TimeProvider clock, IOptions<WarningsOptions> options) : IWarningChannel
{
    public const string ClientName = "beacon-sms-http";

    public WarningChannel Channel => WarningChannel.Sms;

    public async Task<IReadOnlyList<DeliveryOutcome>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct)
    {
        var o = options.Value.Dissemination.Sms.Http;
        var success = o.SuccessPattern is null ? null : new Regex(o.SuccessPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var messageId = o.MessageIdPattern is null ? null : new Regex(o.MessageIdPattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var http = clients.CreateClient(ClientName);
        var results = new ConcurrentBag<(DeliveryOutcome Outcome, string? Answer, string? ExternalId)>();
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = ct }, async (m, token) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(o.Timeout);
            try
            {
                using var response = await http.GetAsync(Url(o, m, clock.GetUtcNow()), timeout.Token);
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                var code = (int)response.StatusCode;
                var answer = Cut($"HTTP {code}: {body.Trim()}", 500);
                if (response.IsSuccessStatusCode && (success is null || success.IsMatch(body)))
                {
                    var id = messageId?.Match(body) is { Success: true } found ? Cut(found.Groups["id"].Value, 64) : null;
                    results.Add((new DeliveryOutcome(m.DeliveryId, Sent: true, Saved: true), answer, id));
                    return;
                }

                var permanent = code is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
                results.Add((new DeliveryOutcome(m.DeliveryId, Sent: false, answer, permanent), answer, null));
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                results.Add((new DeliveryOutcome(m.DeliveryId, Sent: false, $"no answer within {o.Timeout.TotalSeconds:0} s"), null, null));
            }
            catch (HttpRequestException e)
            {
                results.Add((new DeliveryOutcome(m.DeliveryId, Sent: false, e.HttpRequestError.ToString()), null, null));
            }
        });

        var now = clock.GetUtcNow();
        await using var context = new BeaconDb(db, Actor.System, clock);
        await context.WriteAsync(async token =>
        {
            await using var tx = await context.Database.BeginTransactionAsync(token);
            var sql = new SqlParts(context);
            foreach (var (outcome, answer, id) in results.Where(r => r.Answer is not null))
            {
                await using var cmd = sql.Command(tx);
                cmd.CommandText = outcome.Sent
                    ? $"UPDATE {context.TableOf<Delivery>()} SET \"Status\" = 'Sent', \"SentAt\" = {sql.Add(cmd, now)}, \"Attempts\" = \"Attempts\" + 1, \"LastError\" = NULL, \"Answer\" = {sql.Add(cmd, answer)}, \"ExternalId\" = {sql.Add(cmd, id)} WHERE \"Id\" = {sql.Add(cmd, outcome.DeliveryId)}"
                    : $"UPDATE {context.TableOf<Delivery>()} SET \"Answer\" = {sql.Add(cmd, answer)} WHERE \"Id\" = {sql.Add(cmd, outcome.DeliveryId)}";
                await cmd.ExecuteNonQueryAsync(token);
            }

            await tx.CommitAsync(token);
        }, ct);
        return [.. results.Select(r => r.Outcome)];
    }

    /// <summary>The request's URL: placeholders filled in URL-encoded, the signature over the unencoded values.</summary>
    public static string Url(HttpSmsOptions o, OutboundMessage m, DateTimeOffset now)
    {
        var values = new Dictionary<string, string>
        {
            ["account"] = o.Account,
            ["phone"] = m.To,
            ["text"] = m.Body,
            ["reference"] = m.DeliveryId.ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        var signed = Fill(o.SignatureTemplate, new Dictionary<string, string>(values) { ["secret"] = o.Secret }, encode: false);
        values["signature"] = Sign(o.Signature, o.Secret, signed);
        return Fill(o.UrlTemplate, values, encode: true);
    }

    [SuppressMessage("Security", "CA5351", Justification = "MD5 only where the provider's interface prescribes it")]
    public static string Sign(HttpSmsSignature how, string secret, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(how switch
        {
            HttpSmsSignature.Md5 => MD5.HashData(bytes),
            HttpSmsSignature.Sha256 => SHA256.HashData(bytes),
            _ => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), bytes),
        });
    }

    private static string Fill(string template, Dictionary<string, string> values, bool encode)
    {
        var text = new StringBuilder(template);
        foreach (var (name, value) in values)
        {
            text.Replace("{" + name + "}", encode ? Uri.EscapeDataString(value) : value);
        }

        return text.ToString();
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
