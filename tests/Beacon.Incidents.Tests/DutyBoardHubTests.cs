using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>The duty board's SignalR feed: scope decided on the server, API tokens accepted on the hub path only.</summary>
public abstract class DutyBoardHubTests(BeaconFactory beacon) : LaneTests(beacon)
{
    private static readonly TimeSpan Arrival = TestTimeouts.Expectation;

    [Fact]
    public async Task A_prefecture_board_receives_a_countys_first_report_and_the_neighbouring_county_does_not()
    {
        await using var baotou = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150200", "DutyOfficer"));
        await using var qingshan = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
        var atBaotou = Listen(baotou);
        var atQingshan = Listen(qingshan);
        await baotou.StartAsync(Ct);
        await qingshan.StartAsync(Ct);

        var kundulun = await Beacon.SignInAsync("duty.150203");
        var created = await (await kundulun.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow())))
            .ReadAsync<ReportedIncident>();

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(Arrival);
        IncidentEvent received;
        do
        {
            received = await atBaotou.ReadAsync(wait.Token);
        }
        while (received.IncidentId != created.Id);

        Assert.Equal(IncidentEventKind.Reported, received.Kind);
        Assert.Equal(created.Number, received.Number);
        // Both connections were sent the event in one call; anything for Qingshan would have been queued by now.
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        var leaked = new List<IncidentEvent>();
        while (atQingshan.TryRead(out var e))
        {
            leaked.Add(e);
        }

        Assert.DoesNotContain(leaked, e => e.IncidentId == created.Id);
    }

    [Fact]
    public async Task A_connection_without_credentials_is_refused()
    {
        await using var anonymous = Beacon.DutyBoardConnection(null);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync(Ct));

        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Disconnected, anonymous.State);
    }

    [Fact]
    public async Task A_token_in_the_query_string_counts_only_on_the_hub_path()
    {
        var secret = await Beacon.CreateTokenAsync("150203", "DutyOfficer");
        using var client = Beacon.Anonymous();

        var inQuery = await client.GetAsync($"/api/v1/me?access_token={Uri.EscapeDataString(secret)}", Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var inHeader = await client.GetAsync("/api/v1/me", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inHeader.StatusCode);
    }

    private static ChannelReader<IncidentEvent> Listen(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<IncidentEvent>();
        connection.On<IncidentEvent>(DutyBoardHub.EventMethod, e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }
}

public sealed class DutyBoardHubTestsOnSqlite(SqliteBeacon beacon) : DutyBoardHubTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DutyBoardHubTestsOnPostgres(PostgresBeacon beacon) : DutyBoardHubTests(beacon), IClassFixture<PostgresBeacon>;
