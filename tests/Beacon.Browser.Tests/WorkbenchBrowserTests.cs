using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Incidents.Instructions.ListInstructions;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Beacon.Warnings.Warnings;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 12, acceptance 4: the workbench (工作台) on the home page shows each demo role what awaits it, live. After a
/// county's first report the prefecture's duty officer sees it to sign for (待签收, first); after a proposal (拟办) the
/// prefecture's leader sees it to instruct (待批示, first) and reaches the decision in one click; after a warning is
/// submitted the reviewer sees it (预警待审核); each item leaves when done, without a reload.
/// </summary>
public sealed class WorkbenchBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Each_role_sees_what_awaits_it_appear_and_leave_live_on_the_home_page()
    {
        var duty = await browser.SignInAsync("duty.150200");
        var leader = await browser.SignInAsync("leader.150200");
        var reviewer = await browser.SignInAsync("onduty.150203");
        foreach (var page in new[] { duty, leader, reviewer })
        {
            await BrowserFixture.ReadyAsync(page);
            await Expect(page.GetByTestId("workbench-todo")).ToBeVisibleAsync();
        }

        await Expect(duty.GetByTestId("workbench-on-duty")).ToContainTextAsync("昆都仑区");
        await Expect(duty.GetByTestId("workbench-counters")).ToBeVisibleAsync();
        await Expect(duty.GetByTestId("workbench-warnings")).ToBeVisibleAsync();

        // A county's first report: the prefecture's duty officer has it to sign for, first, without a reload.
        using var county = await ApiAsync("duty.150203");
        var reported = await county.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某路口发生多车相撞事故",
            eventTypeCode = "12B01",
            severity = "III",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-15),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-5),
            locationCode = "150203",
            source = "Phone",
            narrative = "三车相撞，2人受伤，交警已到场。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var incident = await reported.ReadAsync<ReportedIncident>();
        var toSign = Item(duty, "incident.sign-for", incident.Number);
        await Expect(toSign).ToBeVisibleAsync(new() { Timeout = TestTimeouts.ExpectationMilliseconds });
        await Expect(duty.GetByTestId("workbench-group").First).ToHaveAttributeAsync("data-kind", "incident.sign-for");
        await Expect(toSign.GetByTestId("workbench-act")).ToHaveAttributeAsync("href", $"incidents/{incident.Id}");
        await duty.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("workbench-duty"), FullPage = true });

        using var prefecture = await ApiAsync("duty.150200");
        Assert.Equal(HttpStatusCode.OK, (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/sign", new { })).StatusCode);
        await Expect(toSign).ToHaveCountAsync(0, new() { Timeout = TestTimeouts.ExpectationMilliseconds });

        // A proposal (拟办): the prefecture's leader has it to instruct, first; one click reaches the decision.
        var countyRoom = (await prefecture.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single().Id;
        var proposal = await (await prefecture.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "Proposal",
            text = "拟请昆都仑区政府做好事故善后处置。",
            toUnitIds = new[] { countyRoom },
        })).ReadAsync<InstructionView>();
        var toInstruct = Item(leader, "incident.instruct", incident.Number);
        await Expect(toInstruct).ToBeVisibleAsync(new() { Timeout = TestTimeouts.ExpectationMilliseconds });
        await Expect(leader.GetByTestId("workbench-group").First).ToHaveAttributeAsync("data-kind", "incident.instruct");
        await Expect(leader.GetByTestId("workbench-group").First).ToContainTextAsync("待批示");
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("workbench-leader"), FullPage = true });
        await toInstruct.GetByTestId("workbench-act").ClickAsync();
        await Expect(leader.GetByTestId("instr-decide")).ToBeVisibleAsync();
        await leader.GotoAsync("/");
        await BrowserFixture.ReadyAsync(leader);
        await Expect(toInstruct).ToBeVisibleAsync();

        using var leaderApi = await ApiAsync("leader.150200");
        Assert.Equal(HttpStatusCode.Created, (await leaderApi.PostJsonAsync($"/api/v1/incidents/{incident.Id}/instructions", new
        {
            kind = "LeaderInstruction",
            text = "同意，请昆都仑区妥善处置。",
            toUnitIds = new[] { countyRoom },
            proposalId = proposal.Id,
        })).StatusCode);
        await Expect(toInstruct).ToHaveCountAsync(0, new() { Timeout = TestTimeouts.ExpectationMilliseconds });

        // A warning submitted for review: the county's leader on duty has it to review; it leaves once reviewed.
        var draft = await (await county.PostJsonAsync("/api/v1/warnings", new Dictionary<string, object?>
        {
            ["eventCode"] = "11B03",
            ["level"] = "Yellow",
            ["urgency"] = "Expected",
            ["certainty"] = "Likely",
            ["effectiveAt"] = browser.Beacon.Clock.GetUtcNow(),
            ["expiresAt"] = browser.Beacon.Clock.GetUtcNow().AddHours(12),
            ["headline"] = "昆都仑区气象台发布暴雨黄色预警（工作台）",
            ["description"] = "预计未来6小时内昆都仑区将出现50毫米以上降雨。",
            ["instruction"] = "做好防暴雨准备工作。",
            ["areas"] = new object[] { new { divisionCode = "150203" } },
        })).ReadAsync<WarningView>();
        var submitted = await StepAsync(county, draft, "submit", new { });
        var toReview = reviewer.Locator($"[data-testid=workbench-group][data-kind='warning.review'] [data-testid=workbench-item][data-key='{draft.Id}']");
        await Expect(toReview).ToBeVisibleAsync(new() { Timeout = TestTimeouts.ExpectationMilliseconds });
        await Expect(toReview).ToContainTextAsync("暴雨黄色预警（工作台）");
        await reviewer.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("workbench-reviewer"), FullPage = true });

        using var reviewerApi = await ApiAsync("onduty.150203");
        await StepAsync(reviewerApi, submitted, "review", new { approve = true });
        await Expect(toReview).ToHaveCountAsync(0, new() { Timeout = TestTimeouts.ExpectationMilliseconds });
    }

    private static ILocator Item(IPage page, string kind, string number) =>
        page.Locator($"[data-testid=workbench-group][data-kind='{kind}'] [data-testid=workbench-item][data-number='{number}']");

    private async Task<HttpClient> ApiAsync(string user)
    {
        var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, user, Platform.Seeding.DemoAccounts.Password);
        return api;
    }

    private static async Task<WarningView> StepAsync(HttpClient client, WarningView warning, string step, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/warnings/{warning.Id}/{step}") { Content = JsonContent.Create(body, options: BeaconFactory.Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{warning.Version}\""));
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.ReadAsync<WarningView>();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
