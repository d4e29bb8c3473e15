using System.Net;
using System.Text;
using Beacon.Platform.Permissions;
using Beacon.Testing;
using Beacon.Warnings.CapIn;
using Beacon.Warnings.CapIn.Feeds;
using Beacon.Warnings.Tests.Cap;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Issue 14 (信息接入): every poll of a CAP feed leaves its state (last poll, last success, last error, messages
/// received in the last poll and in all); the state is read by those holding <c>warning.feeds</c>, each seeing the
/// feeds its own jurisdiction receives and the ones below it, never a neighbour's.
/// </summary>
public abstract class FeedStateTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task Each_poll_records_the_feeds_state_which_its_jurisdiction_and_the_ones_above_read_and_a_neighbour_does_not()
    {
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var cap = CapData.Fixture("cn-rainstorm-yellow.xml").Replace("_20250718143000", "_2" + stamp[..7] + "3000", StringComparison.Ordinal);
        cap = cap[cap.IndexOf("<alert", StringComparison.Ordinal)..];
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var feed = $"""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>包头市气象台</title>
              <entry><title>暴雨黄色预警</title><content type="text/xml">{cap}</content></entry>
            </feed>
            """;
        using var serving = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!serving.IsCancellationRequested)
            {
                var context = await listener.GetContextAsync().WaitAsync(serving.Token);
                var body = Encoding.UTF8.GetBytes(feed);
                context.Response.ContentType = "application/atom+xml";
                await context.Response.OutputStream.WriteAsync(body, serving.Token);
                context.Response.Close();
            }
        }, CancellationToken.None);
        var poller = Beacon.Services.GetRequiredService<FeedPoller>();
        var kundulun = new CapFeed { Url = $"http://127.0.0.1:{port}/{stamp}/feed.atom", JurisdictionCode = "150203" };
        var qingshan = new CapFeed { Url = $"http://127.0.0.1:{FreePort()}/{stamp}/down.atom", JurisdictionCode = "150204" };

        var before = Beacon.Clock.GetUtcNow();
        var first = await poller.PollAsync(kundulun, Ct);
        Beacon.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = await poller.PollAsync(kundulun, Ct);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => poller.PollAsync(qingshan, Ct));
        await serving.CancelAsync();
        listener.Stop();
        Assert.Equal((1, 1, 0), (first.Entries, first.Imported, first.Duplicates));
        Assert.Equal((1, 0, 1), (second.Entries, second.Imported, second.Duplicates));

        // The county receiving the feed: polled twice, the second found the message already received.
        var own = (await (await Beacon.SignInAsync("duty.150203")).GetAllPagesAsync<FeedStateView>("/api/v1/warnings/feeds", Ct))
            .Where(f => f.Url.Contains(stamp, StringComparison.Ordinal)).ToList();
        var state = Assert.Single(own);
        Assert.Equal(kundulun.Url, state.Url);
        Assert.Equal("昆都仑区", state.JurisdictionName);
        Assert.False(state.Configured);
        Assert.Equal(before.AddMinutes(2).ToUnixTimeMilliseconds(), state.LastPolledAt?.ToUnixTimeMilliseconds());
        Assert.Equal(before.AddMinutes(2).ToUnixTimeMilliseconds(), state.LastSucceededAt?.ToUnixTimeMilliseconds());
        Assert.Null(state.LastError);
        Assert.Equal((1, 0, 1), (state.EntriesLastPoll, state.ReceivedLastPoll, state.ReceivedTotal));

        // The neighbour's feed could not be reached: polled, never succeeded, the error kept; only the neighbour sees it.
        var neighbour = (await (await Beacon.SignInAsync("duty.150204")).GetAllPagesAsync<FeedStateView>("/api/v1/warnings/feeds", Ct))
            .Where(f => f.Url.Contains(stamp, StringComparison.Ordinal)).ToList();
        var down = Assert.Single(neighbour);
        Assert.Equal(qingshan.Url, down.Url);
        Assert.NotNull(down.LastPolledAt);
        Assert.Null(down.LastSucceededAt);
        Assert.False(string.IsNullOrWhiteSpace(down.LastError));
        Assert.Equal((0, 0), (down.ReceivedLastPoll, down.ReceivedTotal));

        // The city and the region above both see both.
        foreach (var above in new[] { "duty.150200", "admin.150000" })
        {
            var all = (await (await Beacon.SignInAsync(above)).GetAllPagesAsync<FeedStateView>("/api/v1/warnings/feeds", Ct))
                .Where(f => f.Url.Contains(stamp, StringComparison.Ordinal)).Select(f => f.Url).Order(StringComparer.Ordinal);
            Assert.Equal(new[] { kundulun.Url, qingshan.Url }.Order(StringComparer.Ordinal), all);
        }

        // A viewer may not read the feeds; nobody polls a county's feeds when none is configured for it.
        var viewer = await (await Beacon.SignInAsync("viewer.150203")).GetAsync("/api/v1/warnings/feeds", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(PermissionCheck.DeniedCode, await viewer.CodeAsync());
        var none = await (await Beacon.SignInAsync("duty.150203")).PostAsync("/api/v1/warnings/feeds/poll", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(WarningErrors.FeedsNone, await none.CodeAsync());
        _ = server;
    }

    private static int FreePort()
    {
        var free = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        return port;
    }
}

public sealed class FeedStateTestsOnSqlite(SqliteBeacon beacon) : FeedStateTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class FeedStateTestsOnPostgres(PostgresBeacon beacon) : FeedStateTests(beacon), IClassFixture<PostgresBeacon>;
