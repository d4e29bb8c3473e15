using System.Net.Http.Headers;
using System.Text;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Warnings.Cap;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Warnings.Upstream;

/// <summary>What one round of the upstream publisher did.</summary>
public sealed record UpstreamRound(int Attempted, int Accepted, int Failed, int Retrying);

/// <summary>
/// Pushes queued <see cref="UpstreamPush"/>es: POSTs the message's CAP XML (the same <see cref="CapWriter"/> output as
/// <c>GET /warnings/{id}/cap</c>) to <see cref="UpstreamOptions.Url"/> as <c>application/cap+xml</c>. A 2xx is Accepted
/// with the answer kept (回执); a 5xx, a timeout or a connection error is tried again after a backoff (the fake-able
/// <see cref="TimeProvider"/> decides when), up to <see cref="UpstreamOptions.MaxAttempts"/>; a 4xx is Failed with the
/// reason at once. Each outcome is audited. Rounds never overlap in this process; run it on one node.
/// </summary>
public sealed class UpstreamPublisher(DbContextOptions<BeaconDb> dbOptions, IHttpClientFactory http, CapOut.PublicWarnings cap, TimeProvider clock,
    IOptions<WarningsOptions> options, ILogger<UpstreamPublisher> logger) : IDisposable
{
    public const string HttpClientName = "cap-upstream";
    public const string ContentType = "application/cap+xml";
    private const int BatchSize = 20;

    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);

    private UpstreamOptions Options => options.Value.Upstream;

    public void Dispose()
    {
        _round.Dispose();
        _wake.Dispose();
    }

    /// <summary>Wakes the background publisher now (after a sign-off) instead of at its next tick.</summary>
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

    /// <summary>Posts every push that is due now (nothing while pushing is off).</summary>
    public async Task<UpstreamRound> RunOnceAsync(CancellationToken ct)
    {
        await _round.WaitAsync(ct);
        try
        {
            int attempted = 0, accepted = 0, failed = 0, retrying = 0;
            while (Options.Enabled && !string.IsNullOrWhiteSpace(Options.Url))
            {
                var now = clock.GetUtcNow();
                await using var db = new BeaconDb(dbOptions, Actor.System, clock);
                var due = await db.Set<UpstreamPush>().Where(p => p.State == UpstreamState.Queued && p.NextAttemptAt <= now)
                    .OrderBy(p => p.NextAttemptAt).ThenBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
                foreach (var push in due)
                {
                    attempted++;
                    switch (await PushAsync(db, push, ct))
                    {
                        case UpstreamState.Accepted:
                            accepted++;
                            break;
                        case UpstreamState.Failed:
                            failed++;
                            break;
                        default:
                            retrying++;
                            break;
                    }
                }

                if (due.Count < BatchSize)
                {
                    break;
                }
            }

            return new UpstreamRound(attempted, accepted, failed, retrying);
        }
        finally
        {
            _round.Release();
        }
    }

    private async Task<UpstreamState> PushAsync(BeaconDb db, UpstreamPush push, CancellationToken ct)
    {
        var o = Options;
        var xml = await cap.CapAsync(push.WarningId, includeExercises: true, ct);
        int? status = null;
        string? answer = null, error = null;
        var retry = false;
        if (xml is null)
        {
            error = "the message has no CAP (not one of ours, or not published)";
        }
        else
        {
            try
            {
                (status, answer) = await PostAsync(o, xml, ct);
                retry = status >= 500;
                // Not accepted: the reason is the status and the start of the publisher's answer (it says what was wrong).
                error = status is >= 200 and < 300 ? null
                    : Excerpt(answer) is { } why ? $"HTTP {status}: {Cut(why, 300)}" : $"HTTP {status}";
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                retry = true;
                error = e is OperationCanceledException or TimeoutException ? $"no answer within {o.Timeout.TotalSeconds:0} s" : e.Message;
            }
            catch (UriFormatException e)
            {
                // A misconfigured URL is not retried: the push fails with the reason, to be seen on the warning's page.
                error = $"Beacon:Warnings:Upstream:Url: {e.Message}";
            }
        }

        var now = clock.GetUtcNow();
        push.Url = Cut(o.Url ?? push.Url, UpstreamPush.MaxUrl);
        push.Attempts++;
        push.LastAttemptAt = now;
        push.LastStatusCode = status;
        push.Acknowledgement = Excerpt(answer);
        push.AcknowledgementIdentifier = null;
        string action;
        if (error is null)
        {
            push.State = UpstreamState.Accepted;
            push.LastError = null;
            push.NextAttemptAt = null;
            push.CompletedAt = now;
            push.AcknowledgementIdentifier = AckIdentifier(answer);
            action = "warning.upstream.accepted";
        }
        else if (retry && push.Attempts < o.MaxAttempts)
        {
            push.LastError = Cut(error, UpstreamPush.MaxError);
            push.NextAttemptAt = now + o.BackoffAfter(push.Attempts);
            action = "warning.upstream.retrying";
        }
        else
        {
            push.State = UpstreamState.Failed;
            push.LastError = Cut(retry ? $"{error}; given up after {push.Attempts} attempts" : error, UpstreamPush.MaxError);
            push.NextAttemptAt = null;
            push.CompletedAt = now;
            action = "warning.upstream.failed";
        }

        db.Audit(action, nameof(Warning), push.WarningId.ToString(), new
        {
            push.Identifier,
            push.Url,
            push.Attempts,
            status,
            error = push.LastError,
            acknowledgement = push.AcknowledgementIdentifier,
        }, push.State == UpstreamState.Failed ? Platform.Audit.AuditOutcome.Failure : Platform.Audit.AuditOutcome.Success);
        await db.SaveChangesAsync(ct);
        if (push.State != UpstreamState.Accepted)
        {
            logger.LogWarning("Upstream push of {Identifier} to {Url}: {Error} (attempt {Attempts}, {State})", push.Identifier, push.Url, push.LastError, push.Attempts, push.State);
        }

        return push.State;
    }

    private async Task<(int Status, string Body)> PostAsync(UpstreamOptions o, string xml, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        var client = http.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.Url!))
        {
            Content = new StringContent(xml, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType) { CharSet = "utf-8" };
        if (!string.IsNullOrWhiteSpace(o.HeaderName) && o.HeaderValue is not null)
        {
            request.Headers.TryAddWithoutValidation(o.HeaderName, o.HeaderValue);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        return ((int)response.StatusCode, body);
    }

    /// <summary>The answer as kept: trimmed, without control characters, at most <see cref="UpstreamPush.MaxAcknowledgement"/> characters.</summary>
    internal static string? Excerpt(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return null;
        }

        return Cut(TextHygiene.ForXml(answer).Trim(), UpstreamPush.MaxAcknowledgement);
    }

    /// <summary>The identifier of a CAP answer (an Ack message), when the answer is one.</summary>
    private static string? AckIdentifier(string? answer)
    {
        if (answer is null || !answer.Contains("alert", StringComparison.Ordinal))
        {
            return null;
        }

        var read = CapReader.Read(answer);
        return read.Alert?.Identifier is { Length: > 0 } id ? Cut(id, 200) : null;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}

/// <summary>Runs <see cref="UpstreamPublisher"/> at its interval and whenever a sign-off wakes it.</summary>
internal sealed class UpstreamPublishing(UpstreamPublisher publisher, IOptions<WarningsOptions> options, ILogger<UpstreamPublishing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Upstream.IntervalMilliseconds;
        if (interval <= 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await publisher.WaitAsync(TimeSpan.FromMilliseconds(interval), stoppingToken);
                await publisher.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "An upstream publishing round failed; it runs again on the next tick");
            }
        }
    }
}
