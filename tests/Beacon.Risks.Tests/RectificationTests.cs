using System.Net;
using Beacon.Platform.Workbench;
using Beacon.Risks.Hazards;
using Beacon.Risks.Rectifications;
using Beacon.Risks.Rounds;
using Beacon.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Risks.Tests;

/// <summary>Issue 18, acceptance 3: a rectification overdue by a day shows for the responsible unit and for its upper level; then it is done and verified.</summary>
public abstract class RectificationTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_rectification_overdue_by_a_day_shows_for_the_unit_and_the_level_above_and_not_for_a_neighbour()
    {
        var county = await Beacon.SignInAsync("duty.150203");
        var hazard = await (await county.PostJsonAsync("/api/v1/risks/hazards", new
        {
            name = "昆都仑区某小区燃气调压箱",
            kindCode = "gas-pipeline",
            owner = "包头市某燃气公司",
            responsibleDepartment = "住房和城乡建设局",
            jurisdictionCode = "150203",
            coordinates = "109.82,40.66",
        })).ReadAsync<HazardDetail>();
        var created = await county.PostJsonAsync("/api/v1/risks/rectifications", new
        {
            hazardId = hazard.Hazard.Id,
            title = "调压箱锈蚀、未设防护栏",
            owner = "周工",
            measures = "更换箱体，加装防护栏",
            dueAt = Beacon.Clock.GetUtcNow().AddDays(2),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rect = await created.ReadAsync<RectificationView>();
        Assert.False(rect.Overdue);

        Beacon.Clock.Advance(TimeSpan.FromDays(3));
        await using (var scope = Beacon.Services.CreateAsyncScope())
        {
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<RisksDueCheck>().ScanAsync(Ct)).Escalated);
        }

        county = await Beacon.SignInAsync("duty.150203");
        var city = await Beacon.SignInAsync("duty.150200");
        var neighbour = await Beacon.SignInAsync("duty.150204");

        var mine = await WorkItemAsync(county, "risk.rectification", rect.Id);
        Assert.NotNull(mine);
        Assert.Equal(WorkItemUrgency.Overdue, mine.Urgency);
        var above = await WorkItemAsync(city, "risk.rectification.overdue", rect.Id);
        Assert.NotNull(above);
        Assert.Equal(WorkItemUrgency.Overdue, above.Urgency);
        Assert.Null(await WorkItemAsync(neighbour, "risk.rectification.overdue", rect.Id));

        Assert.Contains(await county.GetAllPagesAsync<RectificationView>("/api/v1/risks/rectifications?filter=Overdue", Ct), r => r.Id == rect.Id && r.Overdue && r.EscalatedAt != null);
        Assert.Contains(await city.GetAllPagesAsync<RectificationView>("/api/v1/risks/rectifications?filter=Overdue", Ct), r => r.Id == rect.Id && r.Overdue);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<RectificationView>("/api/v1/risks/rectifications", Ct), r => r.Id == rect.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/risks/rectifications/{rect.Id}", Ct)).StatusCode);

        // The unit reports it done; only the level above verifies; then it leaves both lists.
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostJsonAsync($"/api/v1/risks/rectifications/{rect.Id}/done", new { note = "代报" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await county.PostJsonAsync($"/api/v1/risks/rectifications/{rect.Id}/done", new { note = "已更换箱体并加装防护栏" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostJsonAsync($"/api/v1/risks/rectifications/{rect.Id}/verification", new { accept = true, note = "自验" })).StatusCode);
        Assert.NotNull(await WorkItemAsync(city, "risk.rectification.verify", rect.Id));
        var verified = await city.PostJsonAsync($"/api/v1/risks/rectifications/{rect.Id}/verification", new { accept = true, note = "现场核查通过" });
        Assert.Equal(RectificationStatus.Verified, (await verified.ReadAsync<RectificationView>()).Status);
        Assert.Null(await WorkItemAsync(county, "risk.rectification", rect.Id));
        Assert.Null(await WorkItemAsync(city, "risk.rectification.overdue", rect.Id));
        Assert.Equal(HazardStatus.Active, (await (await county.GetAsync($"/api/v1/risks/hazards/{hazard.Hazard.Id}", Ct)).ReadAsync<HazardDetail>()).Hazard.Status);
    }

    private static async Task<WorkItem?> WorkItemAsync(HttpClient client, string kind, Guid id)
    {
        var view = await (await client.GetAsync("/api/v1/workbench", Ct)).ReadAsync<WorkbenchView>();
        return view.Groups.Where(g => g.Kind == kind).SelectMany(g => g.Items).FirstOrDefault(i => i.Key == id.ToString());
    }
}

public sealed class RectificationTestsOnSqlite(RisksSqliteBeacon beacon) : RectificationTests(beacon), IClassFixture<RisksSqliteBeacon>;

public sealed class RectificationTestsOnPostgres(RisksPostgresBeacon beacon) : RectificationTests(beacon), IClassFixture<RisksPostgresBeacon>;
