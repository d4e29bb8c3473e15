using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Beacon.Platform.Audit;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Beacon.Warnings.Tests;

/// <summary>The release flow of warnings: draft, review (审核), sign-off (签发) and the chain of updates, changes of level and cancel (解除).</summary>
public abstract partial class WarningReleaseTests(BeaconFactory beacon) : LaneTests(beacon)
{
    [Fact]
    public async Task A_yellow_rainstorm_warning_is_drafted_reviewed_signed_off_and_published_with_a_gbt_identifier()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", Rainstorm(Beacon.Clock.GetUtcNow()))).ReadAsync<WarningView>();
        Assert.Equal("Draft", draft.Stage);
        Assert.Null(draft.Identifier);

        var submitted = await StepAsync(duty, draft, "submit", new { });
        var reviewed = await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true, note = "同意" });
        Assert.Equal("Approved", reviewed.Stage);
        var published = await StepAsync(await Beacon.SignInAsync("leader.150203"), reviewed, "sign-off", new { note = "同意发布" });

        Assert.Equal("Published", published.Stage);
        Assert.Equal("leader.150203", published.SignedOffBy);
        // The sign-off trail names people by display name and unit; the record keeps the login (issue 12, item 9).
        var trail = await GetAsync(duty, published.Id);
        Assert.Equal("昆都仑区值班员（演示）（昆都仑区人民政府总值班室）", trail.DraftedByName);
        Assert.EndsWith("（演示）（昆都仑区人民政府总值班室）", trail.ReviewedByName, StringComparison.Ordinal);
        Assert.EndsWith("（演示）（昆都仑区人民政府总值班室）", trail.SignedOffByName, StringComparison.Ordinal);
        Assert.Matches(IdentifierPattern(), published.Identifier!);
        Assert.StartsWith("150203", published.Identifier, StringComparison.Ordinal);
        Assert.Equal("150203@beacon.nmg.gov.cn", published.Sender);
        Assert.Equal("黄色", published.LevelName);
        Assert.Equal("Moderate", published.Severity);
        Assert.Equal("昆都仑区", Assert.Single(published.Areas).Description);
        Assert.Equal("https://qx.baotou.gov.cn/guide/rainstorm.pdf", Assert.Single(published.Resources).Uri);
    }

    [Fact]
    public async Task A_department_liaison_cannot_sign_off_gets_403_and_the_attempt_is_audited()
    {
        var approved = await ApprovedAsync();
        var liaison = await Beacon.SignInAsync("liaison.150203");

        var refused = await SendAsync(liaison, HttpMethod.Post, $"/api/v1/warnings/{approved.Id}/sign-off", approved.Version, new { });
        var onDuty = await SendAsync(await Beacon.SignInAsync("onduty.150203"), HttpMethod.Post, $"/api/v1/warnings/{approved.Id}/sign-off", approved.Version, new { });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, onDuty.StatusCode);
        var after = await GetAsync(await Beacon.SignInAsync("duty.150203"), approved.Id);
        Assert.Equal("Approved", after.Stage);
        Assert.Equal(approved.Version, after.Version);
        await using var db = Beacon.Db();
        var denied = await db.AuditEntries.Where(e => e.Action == "warning.sign-off" && e.EntityId == approved.Id.ToString()).ToListAsync(Ct);
        Assert.Contains(denied, e => e.UserName == "liaison.150203" && e.Outcome == AuditOutcome.Denied);
        Assert.Contains(denied, e => e.UserName == "onduty.150203" && e.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task Update_upgrade_and_cancel_each_reference_the_earlier_message_and_the_cancel_ends_the_chain()
    {
        var first = await PublishAsync(await ApprovedAsync());
        var duty = await Beacon.SignInAsync("duty.150203");

        var update = await PublishAsync(await ApproveAsync(await (await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Update" })).ReadAsync<WarningView>()));
        var upgradeBody = Rainstorm(Beacon.Clock.GetUtcNow(), level: "Orange", headline: "昆都仑区气象台将暴雨黄色预警升级为橙色");
        var upgrade = await PublishAsync(await ApproveAsync(await (await duty.PostJsonAsync($"/api/v1/warnings/{update.Id}/changes", new { change = "Upgrade", content = upgradeBody })).ReadAsync<WarningView>()));
        var cancel = await PublishAsync(await ApproveAsync(await (await duty.PostJsonAsync($"/api/v1/warnings/{upgrade.Id}/changes", new { change = "Cancel" })).ReadAsync<WarningView>()));

        var chain = await (await duty.GetAsync($"/api/v1/warnings/{first.Id}/chain", Ct)).ReadAsync<List<WarningView>>();
        Assert.Equal([first.Id, update.Id, upgrade.Id, cancel.Id], chain.Select(w => w.Id));
        Assert.Equal([null, first.Id, update.Id, upgrade.Id], chain.Select(w => w.PreviousId));
        Assert.All(chain, w => Assert.Equal(first.Id, w.ChainId));
        Assert.Equal(["Superseded", "Superseded", "Cancelled", "Cancelled"], chain.Select(w => w.Stage));
        Assert.Equal("Orange", chain[2].Level);
        Assert.Equal("Cancel", chain[3].Change);
        Assert.Contains("解除", chain[3].Headline, StringComparison.Ordinal);
        Assert.Equal(4, chain.Select(w => w.Identifier).Distinct().Count());

        // Nothing is left to change: the superseded and the cancelled are not current.
        Assert.Equal(HttpStatusCode.Conflict, (await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Update" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await duty.PostJsonAsync($"/api/v1/warnings/{cancel.Id}/changes", new { change = "Cancel" })).StatusCode);
    }

    [Fact]
    public async Task A_cancel_of_an_unknown_warning_is_refused_and_a_change_must_fit_its_kind()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var unknown = await duty.PostJsonAsync($"/api/v1/warnings/{Guid.NewGuid()}/changes", new { change = "Cancel" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var notFound = await unknown.JsonAsync();
        Assert.Contains("Warning", notFound.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(WarningErrors.NotFound, notFound.Code());

        var first = await PublishAsync(await ApprovedAsync());
        var notHigher = await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Upgrade", content = Rainstorm(Beacon.Clock.GetUtcNow(), level: "Blue") });
        Assert.Equal(HttpStatusCode.BadRequest, notHigher.StatusCode);
        var notHigherProblem = await notHigher.JsonAsync();
        Assert.True(notHigherProblem.GetProperty("errors").TryGetProperty("content.level", out _));
        Assert.Equal([WarningErrors.UpgradeLevel], notHigherProblem.FieldCodes("content.level"));
        var shorter = await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Extend" });
        Assert.Equal(HttpStatusCode.BadRequest, shorter.StatusCode);
        Assert.True((await shorter.JsonAsync()).GetProperty("errors").TryGetProperty("content.expiresAt", out _));
    }

    public static TheoryData<string, string> InvalidDrafts => new()
    {
        { "eventCode", """{"eventCode":"99Z99"}""" },
        { "level", """{"level":"Purple"}""" },
        { "expiresAt", """{"expiresAt":"2020-01-01T00:00:00+08:00"}""" },
        { "areas[0].polygon", """{"areas":[{"polygon":"40.6,109.8 40.7,109.9 40.8,109.8"}]}""" },
        { "areas[0].circle", """{"areas":[{"circle":"40.6,109.8 -5"}]}""" },
        { "areas[0].divisionCode", """{"areas":[{"divisionCode":"150204"}]}""" },
        { "headline", """{"headline":""}""" },
        { "areas[0].divisionCode", """{"areas":[{"divisionCode":"15010"}]}""" },
        { "resources[0].uri", """{"resources":[{"description":"防御指南","uri":"not a link"}]}""" },
        { "areas[0].description", """{"areas":[{"divisionCode":"150203","description":"很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长"}]}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidDrafts))]
    public async Task An_invalid_draft_gets_400_naming_the_field_and_stores_nothing(string field, string change)
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Rainstorm(Beacon.Clock.GetUtcNow()), BeaconFactory.Json))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(change)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        await using var db = Beacon.Db();
        var before = await db.Set<Warning>().CountAsync(Ct);
        var response = await duty.PostAsync("/api/v1/warnings", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase)), errors.ToString());
        Assert.Equal(before, await db.Set<Warning>().CountAsync(Ct));
    }

    [Fact]
    public async Task A_change_stays_a_change_of_its_kind_when_edited_and_the_drafter_neither_reviews_nor_signs_off()
    {
        var first = await PublishAsync(await ApprovedAsync());
        var duty = await Beacon.SignInAsync("duty.150203");
        var upgrade = await (await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes",
            new { change = "Upgrade", content = Rainstorm(Beacon.Clock.GetUtcNow(), level: "Orange") })).ReadAsync<WarningView>();

        var asExercise = Rainstorm(Beacon.Clock.GetUtcNow(), level: "Orange");
        asExercise["status"] = "Exercise";
        var intoExercise = await SendAsync(duty, HttpMethod.Put, $"/api/v1/warnings/{upgrade.Id}", upgrade.Version, asExercise);
        var lower = await SendAsync(duty, HttpMethod.Put, $"/api/v1/warnings/{upgrade.Id}", upgrade.Version, Rainstorm(Beacon.Clock.GetUtcNow(), level: "Blue"));
        var noContent = await duty.PostJsonAsync($"/api/v1/warnings/{first.Id}/changes", new { change = "Update", content = new { eventCode = "11B03" } });

        Assert.Equal(HttpStatusCode.BadRequest, intoExercise.StatusCode);
        Assert.True((await intoExercise.JsonAsync()).GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal(HttpStatusCode.BadRequest, lower.StatusCode);
        Assert.True((await lower.JsonAsync()).GetProperty("errors").TryGetProperty("level", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noContent.StatusCode);
        Assert.True((await noContent.JsonAsync()).GetProperty("errors").TryGetProperty("content.expiresAt", out _));

        // 拟稿、审核、签发 by different people: a leader who drafted cannot review it, and a reviewer cannot sign it off.
        var leader = await Beacon.SignInAsync("leader.150203");
        var own = await (await leader.PostJsonAsync("/api/v1/warnings", Rainstorm(Beacon.Clock.GetUtcNow()))).ReadAsync<WarningView>();
        var submitted = await StepAsync(leader, own, "submit", new { });
        var selfReview = await SendAsync(leader, HttpMethod.Post, $"/api/v1/warnings/{own.Id}/review", submitted.Version, new { approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, selfReview.StatusCode);
        Assert.Equal(WarningErrors.ReviewSamePerson, await selfReview.CodeAsync());
        var reviewed = await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true });
        var selfSignOff = await SendAsync(leader, HttpMethod.Post, $"/api/v1/warnings/{own.Id}/sign-off", reviewed.Version, new { });
        Assert.Equal(HttpStatusCode.Forbidden, selfSignOff.StatusCode);
        Assert.Equal(WarningErrors.SignOffSamePerson, await selfSignOff.CodeAsync());
        await using var db = Beacon.Db();
        Assert.Contains(await db.AuditEntries.Where(e => e.Action == "warning.sign-off" && e.EntityId == own.Id.ToString()).ToListAsync(Ct),
            e => e.Outcome == AuditOutcome.Denied && e.Summary.Contains("drafted or reviewed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_neighbouring_county_neither_sees_nor_reviews_nor_signs_off_nor_changes_a_warning()
    {
        var approved = await ApprovedAsync();
        var neighbour = await Beacon.SignInAsync("duty.150204");

        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/warnings/{approved.Id}", Ct)).StatusCode);
        Assert.DoesNotContain(await neighbour.GetAllPagesAsync<WarningView>("/api/v1/warnings", Ct), w => w.Id == approved.Id);
        // A duty officer holds no warning.sign-off: refused by permission before the warning is looked up, so nothing is told.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(neighbour, HttpMethod.Post, $"/api/v1/warnings/{approved.Id}/sign-off", approved.Version, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.PostJsonAsync($"/api/v1/warnings/{approved.Id}/changes", new { change = "Cancel" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/warnings/{approved.Id}/chain", Ct)).StatusCode);
        Assert.Equal("Approved", (await GetAsync(await Beacon.SignInAsync("duty.150203"), approved.Id)).Stage);
    }

    [Fact]
    public async Task An_edit_needs_the_current_version_and_only_a_draft_can_be_edited()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", Rainstorm(Beacon.Clock.GetUtcNow()))).ReadAsync<WarningView>();
        var edited = Rainstorm(Beacon.Clock.GetUtcNow(), headline: "昆都仑区气象台发布暴雨黄色预警（修改）");

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await duty.PutAsJsonAsync($"/api/v1/warnings/{draft.Id}", edited, BeaconFactory.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(duty, HttpMethod.Put, $"/api/v1/warnings/{draft.Id}", draft.Version + 5, edited)).StatusCode);
        var ok = await SendAsync(duty, HttpMethod.Put, $"/api/v1/warnings/{draft.Id}", draft.Version, edited);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var after = await ok.ReadAsync<WarningView>();
        Assert.Equal("昆都仑区气象台发布暴雨黄色预警（修改）", after.Headline);

        var submitted = await StepAsync(duty, after, "submit", new { });
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(duty, HttpMethod.Put, $"/api/v1/warnings/{draft.Id}", submitted.Version, edited)).StatusCode);
    }

    [Fact]
    public async Task Statistics_count_real_warnings_by_kind_colour_unit_and_month_apart_from_exercises_and_export_to_excel()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var now = Beacon.Clock.GetUtcNow();
        foreach (var (level, status) in new[] { ("Yellow", "Actual"), ("Orange", "Actual"), ("Yellow", "Exercise") })
        {
            var body = Rainstorm(now, level);
            body["eventCode"] = "11B07";
            body["status"] = status;
            body["headline"] = "昆都仑区发布沙尘暴预警";
            var draft = await (await duty.PostJsonAsync("/api/v1/warnings", body)).ReadAsync<WarningView>();
            await PublishAsync(await ApproveAsync(draft));
        }

        var range = $"from={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}";
        var real = await (await duty.GetAsync($"/api/v1/warnings/statistics?{range}", Ct)).JsonAsync();
        var exercise = await (await duty.GetAsync($"/api/v1/warnings/statistics?{range}&status=Exercise", Ct)).JsonAsync();

        int Count(System.Text.Json.JsonElement view, string breakdown, string key) =>
            view.GetProperty(breakdown).EnumerateArray().Where(r => r.GetProperty("key").GetString() == key).Sum(r => r.GetProperty("count").GetInt32());
        Assert.Equal(2, Count(real, "byType", "11B07"));
        Assert.Equal(1, Count(exercise, "byType", "11B07"));
        Assert.Contains(real.GetProperty("byLevel").EnumerateArray(), r => r.GetProperty("label").GetString() == "橙色" && r.GetProperty("count").GetInt32() >= 1);
        Assert.Contains(real.GetProperty("byUnit").EnumerateArray(), r => r.GetProperty("label").GetString()!.Contains("昆都仑区", StringComparison.Ordinal));
        Assert.Contains(real.GetProperty("byMonth").EnumerateArray(), r => r.GetProperty("key").GetString() == now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var neighbour = await (await (await Beacon.SignInAsync("duty.150204")).GetAsync($"/api/v1/warnings/statistics?{range}", Ct)).JsonAsync();
        Assert.Equal(0, Count(neighbour, "byType", "11B07"));

        var xlsx = await duty.GetAsync($"/api/v1/warnings/statistics.xlsx?{range}", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        using var workbook = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct));
        var byType = MiniExcelLibs.MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "按类别").Cast<IDictionary<string, object>>().ToList();
        Assert.Contains(byType, r => (string)r["类别"] == "沙尘暴" && Convert.ToInt32(r["预警数"], System.Globalization.CultureInfo.InvariantCulture) == 2);
        Assert.Equal(HttpStatusCode.BadRequest, (await duty.GetAsync($"/api/v1/warnings/statistics?from={Uri.EscapeDataString(now.ToString("O"))}&to={Uri.EscapeDataString(now.AddDays(-1).ToString("O"))}", Ct)).StatusCode);
    }

    internal static Dictionary<string, object?> Rainstorm(DateTimeOffset now, string level = "Yellow", string headline = "昆都仑区气象台发布暴雨黄色预警") => new()
    {
        ["eventCode"] = "11B03",
        ["level"] = level,
        ["urgency"] = "Expected",
        ["certainty"] = "Likely",
        ["effectiveAt"] = now,
        ["expiresAt"] = now.AddHours(12),
        ["headline"] = headline,
        ["description"] = "预计未来6小时内昆都仑区将出现50毫米以上降雨，局地伴有雷电和短时大风。",
        ["instruction"] = "1. 政府及相关部门按照职责做好防暴雨准备工作；2. 切断低洼地带有危险的室外电源，暂停在空旷地方的户外作业。",
        ["headlineEn"] = "Kundulun District issues a yellow rainstorm warning",
        ["areas"] = new object[] { new { divisionCode = "150203" } },
        ["resources"] = new object[] { new { description = "昆都仑区暴雨防御指南", uri = "https://qx.baotou.gov.cn/guide/rainstorm.pdf", mimeType = "application/pdf" } },
    };

    internal async Task<WarningView> ApprovedAsync()
    {
        var duty = await Beacon.SignInAsync("duty.150203");
        var draft = await (await duty.PostJsonAsync("/api/v1/warnings", Rainstorm(Beacon.Clock.GetUtcNow()))).ReadAsync<WarningView>();
        return await ApproveAsync(draft);
    }

    internal async Task<WarningView> ApproveAsync(WarningView draft)
    {
        var submitted = await StepAsync(await Beacon.SignInAsync("duty.150203"), draft, "submit", new { });
        return await StepAsync(await Beacon.SignInAsync("onduty.150203"), submitted, "review", new { approve = true });
    }

    internal async Task<WarningView> PublishAsync(WarningView approved) =>
        await StepAsync(await Beacon.SignInAsync("leader.150203"), approved, "sign-off", new { });

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        var response = await SendAsync(client, HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}", warning.Version, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private static async Task<WarningView> GetAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync($"/api/v1/warnings/{id}", Ct)).ReadAsync<WarningView>();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, int version, object body)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return client.SendAsync(request, Ct);
    }

    [GeneratedRegex("^[0-9]{14}_[0-9]{14}(_[0-9]+)?$")]
    private static partial Regex IdentifierPattern();
}

public sealed class WarningReleaseTestsOnSqlite(SqliteBeacon beacon) : WarningReleaseTests(beacon), IClassFixture<SqliteBeacon>;

public sealed class WarningReleaseTestsOnPostgres(PostgresBeacon beacon) : WarningReleaseTests(beacon), IClassFixture<PostgresBeacon>;
