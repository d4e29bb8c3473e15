using System.Net;
using Beacon.Incidents.Escalation.Inbox;
using Beacon.Incidents.Escalation.SignForReceipt;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Testing;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>Level-by-level reporting (逐级上报): county → prefecture (签收, assessment) → region.</summary>
public abstract class EscalationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_county_report_reaches_the_prefecture_which_signs_and_forwards_it_to_the_region()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var region = await Beacon.SignInAsync("duty.150000");

        var waiting = await prefecture.GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct);
        Assert.Contains(waiting, w => w.IncidentId == created.Id && w.FromUnit == "昆都仑区人民政府总值班室" && w.SignedAt == null);
        Assert.DoesNotContain(await region.GetAllPagesAsync<InboxItem>("/api/v1/inbox", Ct), w => w.IncidentId == created.Id);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(3));
        var signed = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { assessment = "已核实，较大事故" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var chain = await signed.ReadAsync<List<SubmissionView>>();
        Assert.Equal(Beacon.Clock.GetUtcNow(), chain.Single().SignedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal("duty.150200", chain.Single().SignedBy);
        var signedAgain = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { });
        Assert.Equal(HttpStatusCode.Conflict, signedAgain.StatusCode);
        Assert.Equal(IncidentErrors.NothingToSign, await signedAgain.CodeAsync());

        var forwarded = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "包头市研判：需自治区协调危化品救援力量" });
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);

        var regionInbox = await region.GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct);
        Assert.Contains(regionInbox, w => w.IncidentId == created.Id && w.FromUnit == "包头市人民政府总值班室");
        Assert.Equal(HttpStatusCode.OK, (await region.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { })).StatusCode);
        var detail = await (await region.GetAsync($"/api/v1/incidents/{created.Id}", Ct)).ReadAsync<IncidentDetail>();
        Assert.Equal(2, detail.Chain.Count);
        Assert.Equal(["昆都仑区人民政府总值班室", "包头市人民政府总值班室"], detail.Chain.Select(c => c.FromUnit));
        Assert.Equal("包头市研判：需自治区协调危化品救援力量", detail.Chain[1].Assessment);
        Assert.All(detail.Chain, c => Assert.NotNull(c.SignedAt));
        Assert.NotNull(detail.Chain[0].ForwardedAt);
    }

    [Fact]
    public async Task A_level_I_report_skips_to_the_region_and_the_prefecture_is_told_at_once()
    {
        var county = await Beacon.SignInAsync("duty.150203");

        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow(), "I"))).ReadAsync<ReportedIncident>();

        var region = await (await Beacon.SignInAsync("duty.150000")).GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct);
        var prefecture = await (await Beacon.SignInAsync("duty.150200")).GetAllPagesAsync<InboxItem>("/api/v1/inbox?pending=true", Ct);
        Assert.Contains(region, w => w.IncidentId == created.Id && w.SkipsLevel && !w.IsNotification);
        Assert.Contains(prefecture, w => w.IncidentId == created.Id && w.IsNotification);
    }

    [Fact]
    public async Task Only_the_receiving_duty_room_signs_and_a_neighbour_cannot()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var created = await (await county.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(Beacon.Clock.GetUtcNow()))).ReadAsync<ReportedIncident>();

        var neighbour = await Beacon.SignInAsync("duty.150204");
        var otherPrefecture = await Beacon.SignInAsync("duty.150100");

        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPrefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "越界转报" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await county.PostJsonAsync($"/api/v1/incidents/{created.Id}/sign", new { })).StatusCode);
    }
}

public sealed class EscalationTestsOnSqlite(SqliteBeacon beacon) : EscalationTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class EscalationTestsOnPostgres(PostgresBeacon beacon) : EscalationTests(beacon), IClassFixture<PostgresBeacon>;
