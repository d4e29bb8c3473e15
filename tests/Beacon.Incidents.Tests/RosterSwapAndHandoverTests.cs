using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Incidents.Duty;
using Beacon.Incidents.Duty.Handovers;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13, acceptance 6: a roster swap (换班) is held to the checks of a new shift (overlap, 72 hours), refused with
/// codes; one shift can be read on its own; a handover (交接班) is made by the outgoing shift and acknowledged by the
/// incoming one, showing what was handed over.
/// </summary>
public abstract class RosterSwapAndHandoverTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_swap_that_overlaps_another_shift_or_runs_past_72_hours_is_refused_with_codes_and_changes_nothing()
    {
        var county = await Beacon.SignInAsync("duty.150204");
        var start = Beacon.Clock.GetUtcNow().Date.AddDays(10);
        var first = await AddAsync(county, start, start.AddHours(24), "赵一");
        var second = await AddAsync(county, start.AddHours(24), start.AddHours(48), "孙二");

        var overlapping = await PutAsync(county, second.Id, Body(start.AddHours(12), start.AddHours(48), "孙二"), second.Version);
        var tooLong = await PutAsync(county, second.Id, Body(start.AddHours(24), start.AddHours(24 + 198), "孙二"), second.Version);
        var backwards = await PutAsync(county, second.Id, Body(start.AddHours(48), start.AddHours(24), "孙二"), second.Version);

        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.Contains(IncidentErrors.ShiftOverlap, await overlapping.FieldCodesAsync("startsAt"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains(IncidentErrors.ShiftEndsAt, await tooLong.FieldCodesAsync("endsAt"));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains(IncidentErrors.ShiftEndsAt, await backwards.FieldCodesAsync("endsAt"));
        var stored = await (await county.GetAsync($"/api/v1/duty/shifts/{second.Id}", Ct)).ReadAsync<ShiftView>();
        Assert.Equal(start.AddHours(24), stored.StartsAt);
        Assert.Equal(second.Version, stored.Version);

        // A swap that keeps its own times (it overlaps only itself) and one moved into a free slot are fine.
        var keep = await PutAsync(county, first.Id, Body(start, start.AddHours(24), "赵一（换班）"), first.Version);
        Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        var moved = await PutAsync(county, second.Id, Body(start.AddHours(30), start.AddHours(54), "孙二"), second.Version);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task One_shift_is_read_in_scope_with_its_version_and_not_by_a_neighbour()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var start = Beacon.Clock.GetUtcNow().Date.AddDays(20);
        var shift = await AddAsync(county, start, start.AddHours(12), "周五");

        var own = await county.GetAsync($"/api/v1/duty/shifts/{shift.Id}", Ct);
        var prefecture = await (await Beacon.SignInAsync("duty.150200")).GetAsync($"/api/v1/duty/shifts/{shift.Id}", Ct);
        var neighbour = await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/duty/shifts/{shift.Id}", Ct);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal($"\"{shift.Version}\"", own.Headers.ETag?.Tag);
        Assert.Equal("周五", (await own.ReadAsync<ShiftView>()).DutyOfficers);
        Assert.Equal(HttpStatusCode.OK, prefecture.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);
        Assert.Equal(IncidentErrors.ShiftNotFound, await neighbour.CodeAsync());
    }

    [Fact]
    public async Task The_incoming_shift_acknowledges_a_handover_that_shows_what_was_handed_over()
    {
        var outgoing = await Beacon.SignInAsync("duty.150203");
        var incident = await outgoing.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()));
        Assert.Equal(HttpStatusCode.Created, incident.StatusCode);

        var made = await outgoing.PostJsonAsync("/api/v1/duty/handovers", new { notes = "化工厂爆炸事故续报待报，注意22时前报出续报一。" });

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var handover = await made.ReadAsync<HandoverView>();
        Assert.Contains(handover.OpenIncidents, x => x.Contains("昆都仑区某化工厂爆炸事故", StringComparison.Ordinal));
        Assert.NotEmpty(handover.PendingItems);
        Assert.Equal("化工厂爆炸事故续报待报，注意22时前报出续报一。", handover.Notes);
        Assert.Null(handover.AcknowledgedAt);

        var self = await outgoing.PostJsonAsync($"/api/v1/duty/handovers/{handover.Id}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.Equal(IncidentErrors.HandoverSelf, await self.CodeAsync());
        var neighbour = await (await Beacon.SignInAsync("duty.150204")).PostJsonAsync($"/api/v1/duty/handovers/{handover.Id}/acknowledge", new { });
        Assert.Equal(HttpStatusCode.NotFound, neighbour.StatusCode);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(3));
        var incoming = await Beacon.SignInAsync("onduty.150203");
        var acknowledged = await incoming.PostJsonAsync($"/api/v1/duty/handovers/{handover.Id}/acknowledge", new { note = "已了解" });
        var again = await incoming.PostJsonAsync($"/api/v1/duty/handovers/{handover.Id}/acknowledge", new { });

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        var view = await acknowledged.ReadAsync<HandoverView>();
        Assert.Equal(Beacon.Clock.GetUtcNow(), view.AcknowledgedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal("onduty.150203", view.AcknowledgedBy);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(IncidentErrors.HandoverAcknowledged, await again.CodeAsync());
        var listed = await (await Beacon.SignInAsync("duty.150200")).GetAllPagesAsync<HandoverView>("/api/v1/duty/handovers", Ct);
        Assert.Contains(listed, h => h.Id == handover.Id && h.AcknowledgedBy == "onduty.150203");
        Assert.DoesNotContain(await (await Beacon.SignInAsync("duty.150204")).GetAllPagesAsync<HandoverView>("/api/v1/duty/handovers", Ct), h => h.Id == handover.Id);
        var log = await outgoing.GetAllPagesAsync<DutyLogView>("/api/v1/duty/log", Ct);
        Assert.Contains(log, e => e.IsHandover && e.Text.StartsWith("化工厂爆炸事故续报待报", StringComparison.Ordinal));
        Assert.Contains(log, e => e.Text == "接班确认：已了解");
    }

    private static object Body(DateTimeOffset start, DateTimeOffset end, string officers) =>
        new { startsAt = start, endsAt = end, dutyOfficers = officers, leaderOnDuty = "钱领导" };

    private static async Task<ShiftView> AddAsync(HttpClient client, DateTimeOffset start, DateTimeOffset end, string officers)
    {
        var response = await client.PostJsonAsync("/api/v1/duty/shifts", Body(start, end, officers));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ShiftView>();
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

public sealed class RosterSwapAndHandoverTestsOnSqlite(SqliteBeacon beacon) : RosterSwapAndHandoverTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class RosterSwapAndHandoverTestsOnPostgres(PostgresBeacon beacon) : RosterSwapAndHandoverTests(beacon), IClassFixture<PostgresBeacon>;
