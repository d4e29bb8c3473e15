using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Platform.Workbench;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>
/// Decision 0036: a warning out of the release flow is read, read-only, by the duty rooms whose area it covers (its
/// areas' jurisdictions, those below them, and for a region- or prefecture-wide warning every county below); drafts stay
/// with the issuing scope, and every write keeps to the issuing jurisdiction's scope.
/// </summary>
public abstract class WarningCoverTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_region_warning_for_baotou_is_read_by_baotou_and_its_counties_read_only_and_not_by_hohhot()
    {
        var warning = await RegionPublishesAsync("150200", "自治区气象台发布包头市暴雪橙色预警");

        foreach (var login in new[] { "duty.150200", "leader.150200", "duty.150203", "duty.150204" })
        {
            var reader = await Beacon.SignInAsync(login);
            var seen = await (await reader.GetAsync($"/api/v1/warnings/{warning.Id}", Ct)).ReadAsync<WarningView>();
            Assert.True(seen.ReadOnly, login);
            Assert.Equal(warning.IssuerName, seen.IssuerName);
            Assert.Contains(await reader.GetAllPagesAsync<WarningView>("/api/v1/warnings", Ct), w => w.Id == warning.Id && w.ReadOnly);
            Assert.Equal([warning.Id], (await (await reader.GetAsync($"/api/v1/warnings/{warning.Id}/chain", Ct)).ReadAsync<List<WarningView>>()).Select(w => w.Id));
            Assert.Contains(warning.Id.ToString(), await MapWarningsAsync(reader), StringComparison.Ordinal);
        }

        var hohhot = await Beacon.SignInAsync("duty.150100");
        Assert.Equal(HttpStatusCode.NotFound, (await hohhot.GetAsync($"/api/v1/warnings/{warning.Id}", Ct)).StatusCode);
        Assert.DoesNotContain(await hohhot.GetAllPagesAsync<WarningView>("/api/v1/warnings", Ct), w => w.Id == warning.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await hohhot.GetAsync($"/api/v1/warnings/{warning.Id}/chain", Ct)).StatusCode);
        Assert.DoesNotContain(warning.Id.ToString(), await MapWarningsAsync(hohhot), StringComparison.Ordinal);
        // The issuer reads its own warning as its own.
        Assert.False((await (await (await Beacon.SignInAsync("duty.150000")).GetAsync($"/api/v1/warnings/{warning.Id}", Ct)).ReadAsync<WarningView>()).ReadOnly);
    }

    [Fact]
    public async Task The_sign_off_tells_the_workbenches_and_maps_of_the_covered_rooms_and_not_of_hohhot()
    {
        var changes = new List<WorkbenchChange>();
        var maps = new List<IReadOnlyCollection<Guid>>();
        void OnChange(WorkbenchChange change)
        {
            lock (changes)
            {
                changes.Add(change);
            }
        }

        void OnMap(IReadOnlyCollection<Guid> jurisdictions)
        {
            lock (maps)
            {
                maps.Add(jurisdictions);
            }
        }

        var signal = Beacon.Services.GetRequiredService<WorkbenchSignal>();
        var mapSignal = Beacon.Services.GetRequiredService<Maps.Layers.MapSignal>();
        signal.Changed += OnChange;
        mapSignal.Changed += OnMap;
        try
        {
            await RegionPublishesAsync("150200", "自治区气象台发布包头市沙尘暴黄色预警", "Yellow");
        }
        finally
        {
            signal.Changed -= OnChange;
            mapSignal.Changed -= OnMap;
        }

        await using var db = Beacon.Db();
        var ids = await db.Jurisdictions.Where(j => j.Code == "150000" || j.Code == "150200" || j.Code == "150203" || j.Code == "150204" || j.Code == "150100")
            .ToDictionaryAsync(j => j.Code, j => j.Id, Ct);
        // Submit and review concern the issuing scope only; the sign-off also every room the warning now reaches.
        Assert.All(changes.SkipLast(1), c => Assert.Equal([ids["150000"]], c.JurisdictionIds));
        var published = changes[^1].JurisdictionIds;
        Assert.Contains(ids["150000"], published);
        Assert.Contains(ids["150200"], published);
        Assert.Contains(ids["150203"], published);
        Assert.Contains(ids["150204"], published);
        Assert.DoesNotContain(ids["150100"], published);
        // The one map hears the sign-off once, with the same jurisdictions.
        var heard = Assert.Single(maps);
        Assert.Equal(published.Order(), heard.Distinct().Order());
    }

    [Fact]
    public async Task A_region_wide_warning_is_read_by_every_county_below_and_stays_readable_once_cancelled()
    {
        var warning = await RegionPublishesAsync("150000", "自治区气象台发布全区寒潮蓝色预警", "Blue");
        var county = await Beacon.SignInAsync("duty.150203");
        Assert.True((await (await county.GetAsync($"/api/v1/warnings/{warning.Id}", Ct)).ReadAsync<WarningView>()).ReadOnly);

        var cancel = await (await (await Beacon.SignInAsync("duty.150000")).PostJsonAsync($"/api/v1/warnings/{warning.Id}/changes", new { change = "Cancel" })).ReadAsync<WarningView>();
        var cancelled = await PublishAsync(cancel);

        var chain = await (await county.GetAsync($"/api/v1/warnings/{warning.Id}/chain", Ct)).ReadAsync<List<WarningView>>();
        Assert.Equal([warning.Id, cancelled.Id], chain.Select(w => w.Id));
        Assert.All(chain, w => Assert.Equal("Cancelled", w.Stage));
        Assert.True((await (await (await Beacon.SignInAsync("duty.150100")).GetAsync($"/api/v1/warnings/{cancelled.Id}", Ct)).ReadAsync<WarningView>()).ReadOnly);
    }

    [Fact]
    public async Task A_region_draft_for_baotou_is_not_seen_by_baotou_until_it_is_published()
    {
        var duty = await Beacon.SignInAsync("duty.150000");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", Body("150200", "自治区气象台发布包头市大风黄色预警（拟稿）"))).ReadAsync<WarningView>();
        var submitted = await StepAsync(duty, draft, "submit", new { });
        var approved = await StepAsync(await Beacon.SignInAsync("onduty.150000"), submitted, "review", new { approve = true });
        var city = await Beacon.SignInAsync("duty.150200");

        foreach (var stage in new[] { draft, approved })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/v1/warnings/{stage.Id}", Ct)).StatusCode);
            Assert.DoesNotContain(await city.GetAllPagesAsync<WarningView>("/api/v1/warnings", Ct), w => w.Id == stage.Id);
        }

        var published = await PublishAsync(approved);
        Assert.Equal("Published", (await (await city.GetAsync($"/api/v1/warnings/{published.Id}", Ct)).ReadAsync<WarningView>()).Stage);
    }

    [Fact]
    public async Task Baotou_cannot_edit_change_cancel_or_disseminate_a_region_warning_it_reads()
    {
        var warning = await RegionPublishesAsync("150200", "自治区气象台发布包头市暴雨红色预警", "Red");
        var city = await Beacon.SignInAsync("duty.150200");
        var leader = await Beacon.SignInAsync("leader.150200");

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(city, HttpMethod.Put, $"/api/v1/warnings/{warning.Id}", warning.Version, Body("150200", "包头市改写"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostJsonAsync($"/api/v1/warnings/{warning.Id}/changes", new { change = "Update" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PostJsonAsync($"/api/v1/warnings/{warning.Id}/changes", new { change = "Cancel" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostJsonAsync($"/api/v1/warnings/{warning.Id}/deliveries/retry", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/api/v1/warnings/{warning.Id}/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(leader, HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/sign-off", warning.Version, new { })).StatusCode);

        var after = await (await (await Beacon.SignInAsync("duty.150000")).GetAsync($"/api/v1/warnings/{warning.Id}", Ct)).ReadAsync<WarningView>();
        Assert.Equal("Published", after.Stage);
        Assert.Equal(warning.Version, after.Version);
        Assert.Equal([warning.Id], (await (await city.GetAsync($"/api/v1/warnings/{warning.Id}/chain", Ct)).ReadAsync<List<WarningView>>()).Select(w => w.Id));
    }

    [Fact]
    public async Task A_county_warning_for_its_own_county_is_not_read_by_the_neighbouring_county()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区气象台发布暴雨黄色预警（邻区）"))).ReadAsync<WarningView>();
        var submitted = await StepAsync(duty, draft, "submit", new { });
        var approved = await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true });
        var published = await StepAsync(await Beacon.SignInAsync("leader.150203"), approved, "sign-off", new { });

        var neighbour = await Beacon.SignInAsync("duty.150204");
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/warnings/{published.Id}", Ct)).StatusCode);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<WarningView>("/api/v1/warnings", Ct), w => w.Id == published.Id);
        Assert.DoesNotContain(published.Id.ToString(), await MapWarningsAsync(neighbour), StringComparison.Ordinal);
        // The prefecture above reads it as its own (its scope holds the issuing county), not read-only.
        Assert.False((await (await (await Beacon.SignInAsync("duty.150200")).GetAsync($"/api/v1/warnings/{published.Id}", Ct)).ReadAsync<WarningView>()).ReadOnly);
    }

    private async Task<WarningView> RegionPublishesAsync(string area, string headline, string level = "Orange")
    {
        var duty = await Beacon.SignInAsync("duty.150000");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", Body(area, headline, level))).ReadAsync<WarningView>();
        var submitted = await StepAsync(duty, draft, "submit", new { });
        return await PublishAsync(await StepAsync(await Beacon.SignInAsync("onduty.150000"), submitted, "review", new { approve = true }));
    }

    private async Task<WarningView> PublishAsync(WarningView warning)
    {
        var duty = await Beacon.SignInAsync("duty.150000");
        var approved = warning.Stage == "Draft"
            ? await StepAsync(await Beacon.SignInAsync("onduty.150000"), await StepAsync(duty, warning, "submit", new { }), "review", new { approve = true })
            : warning;
        var published = await StepAsync(await Beacon.SignInAsync("leader.150000"), approved, "sign-off", new { });
        Assert.Contains(published.Stage, new[] { "Published", "Cancelled" });
        return published;
    }

    private Dictionary<string, object?> Body(string area, string headline, string level = "Orange")
    {
        var body = WarningReleaseTests.Rainstorm(Beacon.Clock.GetUtcNow(), level, headline);
        body["areas"] = new object[] { new { divisionCode = area } };
        return body;
    }

    private static async Task<string> MapWarningsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/map/features?layer=warnings", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        var response = await SendAsync(client, HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}", warning.Version, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, int version, object body)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }
}

public sealed class WarningCoverTestsOnSqlite(SqliteBeacon beacon) : WarningCoverTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class WarningCoverTestsOnPostgres(PostgresBeacon beacon) : WarningCoverTests(beacon), IClassFixture<PostgresBeacon>;
