using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Testing;
using Beacon.Warnings.Dissemination;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests.Sms;

/// <summary>What the SMS channel tests do through Beacon: recipients, a published warning of 昆都仑区, the dispatcher.</summary>
internal static class SmsScenario
{
    public static async Task DisseminateAsync(BeaconFactory beacon, Guid warningId, CancellationToken ct)
    {
        var dispatcher = beacon.Services.GetRequiredService<Dispatcher>();
        for (var round = 0; round < 10; round++)
        {
            await dispatcher.RunOnceAsync(ct);
            await using var db = beacon.Db();
            if (await db.Set<DisseminationJob>().AnyAsync(j => j.WarningId == warningId && j.ExpandedAt != null, ct)
                && !await db.Set<Delivery>().AnyAsync(d => d.WarningId == warningId && (d.Status == DeliveryStatus.Queued || d.Status == DeliveryStatus.Retrying), ct))
            {
                return;
            }
        }

        throw new InvalidOperationException("the warning was not disseminated in 10 rounds");
    }

    public static async Task<List<Delivery>> SmsDeliveriesAsync(BeaconFactory beacon, Guid warningId, CancellationToken ct)
    {
        await using var db = beacon.Db();
        return await db.Set<Delivery>().AsNoTracking().Where(d => d.WarningId == warningId && d.Channel == WarningChannel.Sms).OrderBy(d => d.Id).ToListAsync(ct);
    }

    /// <summary>Publishes a warning of 昆都仑区 whose SMS text (【issuer】headline。instruction) is exactly 150 characters.</summary>
    public static async Task<(WarningView Warning, string Text)> PublishAsync(BeaconFactory beacon, HttpClient duty, CancellationToken ct)
    {
        var now = beacon.Clock.GetUtcNow();
        var probe = await (await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(now))).ReadAsync<WarningView>();
        var prefix = $"【{probe.IssuerName}】{probe.Headline}。";
        var body = WarningReleaseTests.Rainstorm(now);
        body["instruction"] = string.Concat(Enumerable.Repeat("请注意防范暴雨引发的城市内涝和山洪地质灾害，", 10))[..(150 - prefix.Length)];
        var created = await duty.PostJsonAsync("/api/v1/warnings", body);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        var draft = await created.ReadAsync<WarningView>();
        var submitted = await StepAsync(beacon, "duty.150203", draft, "submit", new { }, ct);
        var reviewed = await StepAsync(beacon, "onduty.150203", submitted, "review", new { approve = true }, ct);
        var published = await StepAsync(beacon, "leader.150203", reviewed, "sign-off", new { }, ct);
        return (published, $"【{published.IssuerName}】{published.Headline}。{published.Instruction}");
    }

    private static async Task<WarningView> StepAsync(BeaconFactory beacon, string user, WarningView warning, string step, object body, CancellationToken ct)
    {
        var client = await beacon.SignInAsync(user);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return await response.ReadAsync<WarningView>();
    }

    public static async Task<RecipientView> CreateRecipientAsync(HttpClient client, string name, string phone, CancellationToken ct)
    {
        var response = await client.PostJsonAsync("/api/v1/recipients", new { kind = "Subscriber", name, phone, areas = new[] { "150203" } });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return await response.ReadAsync<RecipientView>();
    }
}
