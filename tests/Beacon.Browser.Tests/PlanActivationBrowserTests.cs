using System.Net;
using Beacon.Incidents.Incidents.ReportIncident;
using Beacon.Platform.Accounts.Me;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 16, acceptance 1: a special plan with levels Ⅱ and Ⅲ; an incident meeting the Ⅱ criteria; the incident's plan
/// panel proposes the plan at Ⅱ; a leader activates it there; the member units sign for and complete their tasks on
/// their task page; the panel's timeline shows the activation and each unit's signing and completion.
/// </summary>
public sealed class PlanActivationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_leader_activates_the_proposed_plan_at_level_II_and_the_member_units_complete_their_tasks()
    {
        using var api = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(api, "duty.150203", Platform.Seeding.DemoAccounts.Password);
        var room = (await api.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", TestContext.Current.CancellationToken)).Single().Id;
        using var liaisonApi = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        await BeaconFactory.PostSignInAsync(liaisonApi, "liaison.150203", Platform.Seeding.DemoAccounts.Password);
        var department = (await (await liaisonApi.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).ReadAsync<MeView>()).UnitId!.Value;

        var registered = await api.PostJsonAsync("/api/v1/plans", new
        {
            title = "昆都仑区燃气事故专项应急预案",
            type = "Special",
            status = "InForce",
            eventTypeCodes = new[] { "12C" },
            documentNumber = "昆政办发〔2025〕9号",
            levels = new object[]
            {
                new
                {
                    level = "II",
                    criteria = "deaths >= 10 or injured >= 50",
                    groups = new object[]
                    {
                        new { name = "综合协调组", memberUnitIds = new[] { room }, duties = "汇总信息、协调各组", checklist = new[] { "30分钟内电话报告市总值班室" }, taskHours = 2 },
                        new { name = "医疗救治组", memberUnitIds = new[] { department }, duties = "组织伤员救治", checklist = new[] { "调派急救车辆" }, taskHours = 2 },
                    },
                },
                new { level = "III", criteria = "deaths >= 3", groups = new object[] { new { name = "综合协调组", memberUnitIds = new[] { room }, duties = "汇总信息" } } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var reported = await api.PostJsonAsync("/api/v1/incidents", new
        {
            title = "昆都仑区某小区燃气爆炸",
            eventTypeCode = "12C01",
            severity = "II",
            isSensitive = false,
            occurredAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-20),
            learnedAt = browser.Beacon.Clock.GetUtcNow().AddMinutes(-10),
            locationCode = "150203",
            deaths = 11,
            injured = 30,
            source = "Phone",
            narrative = "燃气爆炸，已造成11人死亡30人受伤。",
            signer = "张明",
        });
        Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        var incident = await reported.ReadAsync<ReportedIncident>();

        // The plan's page shows its two levels and their groups.
        var leader = await browser.SignInAsync("leader.150203");
        await leader.GotoAsync("/plans");
        await BrowserFixture.ReadyAsync(leader);
        await leader.GetByTestId("plans-table").GetByText("昆都仑区燃气事故专项应急预案").ClickAsync();
        await Expect(leader.GetByTestId("plan-level")).ToHaveCountAsync(2);
        await Expect(leader.GetByTestId("plan-group").First).ToContainTextAsync("综合协调组");

        // The plan panel of the incident proposes the plan at Ⅱ, and the leader activates it.
        await leader.GotoAsync("/plans/response");
        await BrowserFixture.ReadyAsync(leader);
        await leader.GetByTestId("response-incident").Filter(new() { HasText = incident.Number }).Locator("a").ClickAsync();
        var proposal = leader.GetByTestId("proposal").Filter(new() { HasText = "昆都仑区燃气事故专项应急预案" });
        await Expect(proposal.GetByTestId("proposal-level")).ToContainTextAsync("Ⅱ级");
        await Expect(proposal.GetByTestId("proposal-why")).ToContainTextAsync("deaths >= 10 (11)");
        await proposal.GetByTestId("proposal-activate").Locator("button").ClickAsync();
        var activation = leader.GetByTestId("activation");
        await Expect(activation.GetByTestId("activation-status")).ToContainTextAsync("响应中");
        await Expect(activation.GetByTestId("timeline-entry").First).ToContainTextAsync("启动响应");
        await Expect(activation.GetByTestId("activation-task")).ToHaveCountAsync(2);

        // Each member unit signs for and completes its task on its task page.
        foreach (var (account, outcome) in new[] { ("duty.150203", "已向市总值班室电话报告并持续汇总信息。"), ("liaison.150203", "伤员已全部送医救治。") })
        {
            var unit = await browser.SignInAsync(account);
            await unit.GotoAsync("/plans/tasks");
            await BrowserFixture.ReadyAsync(unit);
            var task = unit.GetByTestId("task").Filter(new() { HasText = incident.Number });
            await task.GetByTestId("task-sign").Locator("button").ClickAsync();
            await Expect(task.GetByTestId("task-signed")).ToBeVisibleAsync();
            await task.GetByTestId("task-outcome").Locator("input").FillAsync(outcome);
            await task.GetByTestId("task-complete").Locator("button").ClickAsync();
            await Expect(unit.GetByTestId("tasks-notice")).ToContainTextAsync("已报告完成");
            await Expect(unit.GetByTestId("task").Filter(new() { HasText = incident.Number })).ToHaveCountAsync(0);
        }

        await leader.ReloadAsync();
        await BrowserFixture.ReadyAsync(leader);
        var done = leader.GetByTestId("activation");
        await Expect(done.GetByTestId("activation-task").Filter(new() { HasText = "已完成" })).ToHaveCountAsync(2);
        await Expect(done.GetByTestId("timeline-entry").Filter(new() { HasText = "任务签收" })).ToHaveCountAsync(2);
        await Expect(done.GetByTestId("timeline-entry").Filter(new() { HasText = "任务完成" })).ToHaveCountAsync(2);
        await leader.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("plan-activation-timeline"), FullPage = true });
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
