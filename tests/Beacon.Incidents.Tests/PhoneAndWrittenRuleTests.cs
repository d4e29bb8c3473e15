using System.Net;
using System.Threading.Channels;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Incidents.GetIncident;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Beacon.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Incidents.Tests;

/// <summary>
/// Issue 13, acceptance 2 (fake clock): deadline rules that mean what they say. The work points' rule owes the
/// region's duty room (自治区总值班室) a call in 20 minutes and a written report in 40; only a call of the county to
/// that duty room meets the first, only the report's arrival there meets the second.
/// </summary>
public abstract class PhoneAndWrittenRuleTests(BeaconFactory beacon) : LaneTests(beacon)
{
    /// <summary>How long the neighbour's board is watched for a leak (acceptance 2: nothing within 2 s).</summary>
    private static readonly TimeSpan LeakWatch = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_phone_report_to_a_neighbouring_county_is_refused_and_nothing_reaches_the_neighbours_board()
    {
        await using var qingshan = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150204", "DutyOfficer"));
        await using var baotou = Beacon.DutyBoardConnection(await Beacon.CreateTokenAsync("150200", "DutyOfficer"));
        var atQingshan = Listen(qingshan);
        var atBaotou = Listen(baotou);
        await qingshan.StartAsync(Ct);
        await baotou.StartAsync(Ct);
        var kundulun = await Beacon.SignInAsync("duty.150203");
        var created = await ReportAsync(kundulun, Beacon.Clock.GetUtcNow(), Severity.III);

        var refused = await CallAsync(kundulun, created.Id, await DutyRoomAsync("150204"), Beacon.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(IncidentErrors.PhoneTargetNotAbove, await refused.CodeAsync());
        var leaked = await FirstForAsync(atQingshan, created.Id, LeakWatch);
        Assert.Null(leaked);
        await using (var db = Beacon.Db())
        {
            Assert.Empty(await db.Set<PhoneReport>().Where(p => p.IncidentId == created.Id).ToListAsync(Ct));
        }

        // The same board feed does carry an allowed call to the prefecture above.
        Assert.Equal(HttpStatusCode.Created, (await CallAsync(kundulun, created.Id, await DutyRoomAsync("150200"), Beacon.Clock.GetUtcNow())).StatusCode);
        var heard = await FirstForAsync(atBaotou, created.Id, TestTimeouts.Expectation, IncidentEventKind.PhoneReportLogged);
        Assert.NotNull(heard);
        Assert.Null(await FirstForAsync(atQingshan, created.Id, TimeSpan.Zero));
    }

    [Fact]
    public async Task A_call_to_the_wrong_level_does_not_meet_the_obligation_and_says_why()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var created = await ReportAsync(duty, Beacon.Clock.GetUtcNow(), Severity.III);
        var untouched = await PhoneObligationAsync(duty, created.Id);
        Assert.Equal(ObligationReasons.NoCall, untouched.Reason);
        Assert.Equal(await DutyRoomAsync("150000"), untouched.OwedUnitId);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Created, (await CallAsync(duty, created.Id, await DutyRoomAsync("150200"), Beacon.Clock.GetUtcNow())).StatusCode);

        var afterPrefecture = await PhoneObligationAsync(duty, created.Id);
        Assert.Null(afterPrefecture.MetAt);
        Assert.Equal(ObligationStatus.OnTime, afterPrefecture.Status);
        Assert.Equal(ObligationReasons.CallElsewhere, afterPrefecture.Reason);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(5));
        var calledRegion = Beacon.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Created, (await CallAsync(duty, created.Id, await DutyRoomAsync("150000"), calledRegion)).StatusCode);

        var afterRegion = await PhoneObligationAsync(duty, created.Id);
        Assert.Equal(ObligationStatus.Met, afterRegion.Status);
        Assert.Equal(calledRegion, afterRegion.MetAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationReasons.Called, afterRegion.Reason);
    }

    [Fact]
    public async Task A_call_below_or_to_oneself_is_refused_and_the_duty_rooms_above_are_the_ones_offered()
    {
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var created = await ReportAsync(prefecture, Beacon.Clock.GetUtcNow(), Severity.III, location: "150200");

        var down = await CallAsync(prefecture, created.Id, await DutyRoomAsync("150203"), Beacon.Clock.GetUtcNow());
        var self = await CallAsync(prefecture, created.Id, await DutyRoomAsync("150200"), Beacon.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.Forbidden, down.StatusCode);
        Assert.Equal(IncidentErrors.PhoneTargetNotAbove, await down.CodeAsync());
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        var countyAbove = await (await (await Beacon.SignInAsync("duty.150203")).GetAsync("/api/v1/duty-rooms/above", Ct)).ReadAsync<List<DutyRoomAbove>>();
        Assert.Equal(["150200", "150000"], countyAbove.Select(r => r.JurisdictionCode));
        Assert.Equal([JurisdictionLevel.Prefecture, JurisdictionLevel.Region], countyAbove.Select(r => r.Level));
        Assert.Equal(await DutyRoomAsync("150200"), countyAbove[0].Id);
        var regionAbove = await (await (await Beacon.SignInAsync("duty.150000")).GetAsync("/api/v1/duty-rooms/above", Ct)).ReadAsync<List<DutyRoomAbove>>();
        Assert.Empty(regionAbove);
    }

    [Fact]
    public async Task A_back_dated_call_needs_a_reason_and_shows_as_a_late_entry()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var learnedAt = Beacon.Clock.GetUtcNow().AddMinutes(-30);
        var created = await ReportAsync(duty, learnedAt, Severity.III);
        var region = await DutyRoomAsync("150000");

        var withoutReason = await CallAsync(duty, created.Id, region, learnedAt.AddMinutes(5));
        var beforeLearned = await CallAsync(duty, created.Id, region, learnedAt.AddMinutes(-10), "忘记登记");

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains(IncidentErrors.PhoneLateEntryReason, await withoutReason.FieldCodesAsync("lateEntryReason"));
        Assert.Equal(HttpStatusCode.BadRequest, beforeLearned.StatusCode);
        Assert.Contains(IncidentErrors.PhoneBeforeLearned, await beforeLearned.FieldCodesAsync("calledAt"));
        Assert.Equal(ObligationStatus.Overdue, (await PhoneObligationAsync(duty, created.Id)).Status);

        var withReason = await CallAsync(duty, created.Id, region, learnedAt.AddMinutes(5), "通话时系统故障，事后补录");

        Assert.Equal(HttpStatusCode.Created, withReason.StatusCode);
        var detail = await DetailAsync(duty, created.Id);
        var call = Assert.Single(detail.PhoneReports);
        Assert.True(call.IsLateEntry);
        Assert.Equal("通话时系统故障，事后补录", call.LateEntryReason);
        Assert.Equal(Beacon.Clock.GetUtcNow(), call.LoggedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationStatus.Met, detail.Obligations.Single(o => o.Channel == ReportChannel.Phone).Status);

        // A call logged as it happens is not a late entry.
        var onTime = await CallAsync(duty, created.Id, await DutyRoomAsync("150200"), Beacon.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Created, onTime.StatusCode);
        Assert.False((await DetailAsync(duty, created.Id)).PhoneReports.Single(p => p.ToUnit.Contains("包头", StringComparison.Ordinal)).IsLateEntry);
    }

    [Fact]
    public async Task The_written_obligation_is_met_when_the_region_receives_the_report_not_when_the_county_files_it()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var filedAt = Beacon.Clock.GetUtcNow();
        var created = await ReportAsync(county, filedAt, Severity.III);

        var filed = created.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First);
        Assert.Null(filed.MetAt);
        Assert.Equal(filedAt, filed.FiledAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationStatus.OnTime, filed.Status);
        Assert.Equal(ObligationReasons.NotReceived, filed.Reason);

        Beacon.Clock.Advance(TimeSpan.FromMinutes(50));
        county = await Beacon.SignInAsync("duty.150203");
        Assert.Equal(ObligationStatus.Overdue, (await WrittenObligationAsync(county, created.Id)).Status);
        var prefecture = await Beacon.SignInAsync("duty.150200");
        var forwarded = await prefecture.PostJsonAsync($"/api/v1/incidents/{created.Id}/forward", new { assessment = "经研判，情况属实，转报自治区。" });
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);

        var received = await WrittenObligationAsync(county, created.Id);
        Assert.Equal(Beacon.Clock.GetUtcNow(), received.MetAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(filedAt, received.FiledAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ObligationStatus.MetLate, received.Status);
        Assert.Equal(ObligationReasons.Received, received.Reason);
    }

    [Fact]
    public async Task A_report_sent_past_a_level_is_received_by_the_region_when_it_is_filed()
    {
        var county = await Beacon.SignInAsync("duty.150203");

        var created = await ReportAsync(county, Beacon.Clock.GetUtcNow(), Severity.I);

        var written = created.Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First);
        Assert.Equal(ObligationStatus.Met, written.Status);
        Assert.Equal(ObligationReasons.Received, written.Reason);
        Assert.Equal(written.FiledAt, written.MetAt);
    }

    private static Task<ReportedIncident> ReportAsync(HttpClient client, DateTimeOffset learnedAt, Severity severity, string location = "150203") =>
        ReportingClockTestsAccess.ReportAsync(client, learnedAt, severity, location);

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, Guid incident, Guid to, DateTimeOffset calledAt, string? lateEntryReason = null) =>
        client.PostJsonAsync($"/api/v1/incidents/{incident}/phone-reports", new
        {
            toUnitId = to,
            caller = "张值班",
            callee = "值班员",
            calledAt,
            summary = "电话报告事件基本情况",
            lateEntryReason,
        });

    private static async Task<IncidentDetail> DetailAsync(HttpClient client, Guid incident) =>
        await (await client.GetAsync($"/api/v1/incidents/{incident}", Ct)).ReadAsync<IncidentDetail>();

    private static async Task<ObligationView> PhoneObligationAsync(HttpClient client, Guid incident) =>
        (await DetailAsync(client, incident)).Obligations.Single(o => o.Channel == ReportChannel.Phone);

    private static async Task<ObligationView> WrittenObligationAsync(HttpClient client, Guid incident) =>
        (await DetailAsync(client, incident)).Obligations.Single(o => o.Channel == ReportChannel.Written && o.Kind == ReportKind.First);

    private async Task<Guid> DutyRoomAsync(string code)
    {
        await using var db = Beacon.Db();
        return await db.Units.Where(u => u.Jurisdiction!.Code == code && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .OrderBy(u => u.Name).Select(u => u.Id).FirstAsync(Ct);
    }

    private static ChannelReader<IncidentEvent> Listen(HubConnection connection)
    {
        var channel = Channel.CreateUnbounded<IncidentEvent>();
        connection.On<IncidentEvent>(DutyBoardHub.EventMethod, e => channel.Writer.TryWrite(e));
        return channel.Reader;
    }

    /// <summary>The first event about <paramref name="incident"/> (of <paramref name="kind"/>, if given) within <paramref name="within"/>, or null.</summary>
    private static async Task<IncidentEvent?> FirstForAsync(ChannelReader<IncidentEvent> reader, Guid incident, TimeSpan within, IncidentEventKind? kind = null)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(within);
        try
        {
            while (true)
            {
                while (reader.TryRead(out var e))
                {
                    if (e.IncidentId == incident && (kind is null || e.Kind == kind))
                    {
                        return e;
                    }
                }

                await reader.WaitToReadAsync(wait.Token);
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return null;
        }
    }
}

/// <summary>The first-report helper of <see cref="ReportingClockTests"/>, reachable from other scenario classes.</summary>
internal static class ReportingClockTestsAccess
{
    public static async Task<ReportedIncident> ReportAsync(HttpClient client, DateTimeOffset learnedAt, Severity severity, string location)
    {
        var response = await client.PostJsonAsync("/api/v1/incidents", ReportingClockTests.ValidReport(learnedAt, severity.ToString(), false, location));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync<ReportedIncident>();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

public sealed class PhoneAndWrittenRuleTestsOnSqlite(SqliteBeacon beacon) : PhoneAndWrittenRuleTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class PhoneAndWrittenRuleTestsOnPostgres(PostgresBeacon beacon) : PhoneAndWrittenRuleTests(beacon), IClassFixture<PostgresBeacon>;
