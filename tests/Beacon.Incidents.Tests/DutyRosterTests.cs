using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Duty;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Duty rosters (排班), swaps (换班) and who is on duty below (查询下级值班).</summary>
public abstract class DutyRosterTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task The_prefecture_sees_who_is_on_duty_now_in_each_county_and_gaps_show()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var now = Beacon.Clock.GetUtcNow();
        var added = await county.PostJsonAsync("/api/v1/duty/shifts", new
        {
            startsAt = now.AddHours(-2),
            endsAt = now.AddHours(22),
            dutyOfficers = "张明、李华",
            leaderOnDuty = "王副区长",
            phone = "0472-2100000",
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var prefecture = await Beacon.SignInAsync("duty.150200");
        var board = await (await prefecture.GetAsync("/api/v1/duty/now", Ct)).ReadAsync<List<OnDutyNow>>();

        var kundulun = board.Single(b => b.JurisdictionCode == "150203");
        Assert.Equal("王副区长", kundulun.Shift?.LeaderOnDuty);
        Assert.Null(board.Single(b => b.JurisdictionCode == "150204").Shift);
        Assert.All(board, b => Assert.StartsWith("1502", b.JurisdictionCode, StringComparison.Ordinal));
        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.DoesNotContain(await (await neighbour.GetAsync("/api/v1/duty/now", Ct)).ReadAsync<List<OnDutyNow>>(), b => b.JurisdictionCode == "150203");
    }

    [Fact]
    public async Task Overlapping_shifts_are_refused_and_a_swap_needs_the_current_version()
    {
        var county = await Beacon.SignInAsync("duty.150204");
        var start = Beacon.Clock.GetUtcNow().Date.AddDays(3);
        var first = await (await county.PostJsonAsync("/api/v1/duty/shifts", new { startsAt = start, endsAt = start.AddHours(24), dutyOfficers = "赵一", leaderOnDuty = "钱领导" }))
            .ReadAsync<ShiftView>();

        var overlap = await county.PostJsonAsync("/api/v1/duty/shifts", new { startsAt = start.AddHours(12), endsAt = start.AddHours(36), dutyOfficers = "孙二", leaderOnDuty = "李领导" });
        Assert.Equal(HttpStatusCode.BadRequest, overlap.StatusCode);

        var swap = new { startsAt = start, endsAt = start.AddHours(24), dutyOfficers = "孙二（换班）", leaderOnDuty = "钱领导" };
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(county, first.Id, swap, first.Version)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(county, first.Id, swap, first.Version)).StatusCode);
        var other = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(HttpStatusCode.NotFound, (await PutAsync(other, first.Id, swap, first.Version + 1)).StatusCode);

        var calendar = await county.GetAllPagesAsync<ShiftView>(
            $"/api/v1/duty/shifts?from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(start.AddDays(2).ToString("O"))}", Ct);
        Assert.Equal("孙二（换班）", Assert.Single(calendar).DutyOfficers);
    }

    [Fact]
    public async Task The_handover_lists_open_incidents_reports_to_sign_unmet_deadlines_and_the_log_since_the_last_handover()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var incident = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow())))
            .ReadAsync<Incidents.ReportIncident.ReportedIncident>();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        Assert.Equal(HttpStatusCode.Created, (await prefecture.PostJsonAsync("/api/v1/duty/log", new { text = "早班交接完毕", isHandover = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await prefecture.PostJsonAsync("/api/v1/duty/log", new { text = "14时 接自治区通知，加强节日值守", isHandover = false })).StatusCode);

        var handover = await (await prefecture.GetAsync("/api/v1/duty/handover", Ct)).ReadAsync<Handover>();

        Assert.Contains(handover.OpenIncidents, i => i.StartsWith(incident.Number, StringComparison.Ordinal));
        Assert.Contains(handover.AwaitingSignature, i => i.StartsWith(incident.Number, StringComparison.Ordinal));
        Assert.Contains(handover.UnmetObligations, o => o.IncidentId == incident.Id);
        Assert.Equal(["早班交接完毕", "14时 接自治区通知，加强节日值守"], handover.LogSinceLastHandover.Select(l => l.Text));
        var log = await prefecture.GetAllPagesAsync<DutyLogView>("/api/v1/duty/log", Ct);
        Assert.Equal("duty.150200", log[0].By);
        Assert.DoesNotContain(await county.GetAllPagesAsync<DutyLogView>("/api/v1/duty/log", Ct), l => l.Text == "早班交接完毕");
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, Guid id, object body, int version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/duty/shifts/{id}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, BeaconFactory.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(request, Ct);
    }
}

public sealed class DutyRosterTestsOnSqlite(SqliteBeacon beacon) : DutyRosterTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class DutyRosterTestsOnPostgres(PostgresBeacon beacon) : DutyRosterTests(beacon), IClassFixture<PostgresBeacon>;
