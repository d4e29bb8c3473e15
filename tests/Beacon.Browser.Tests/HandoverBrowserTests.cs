using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 13, item 7: the outgoing duty officer hands over on the roster page with a note; the leader on duty of the
/// incoming shift sees what was handed over and acknowledges it (接班确认) there.
/// </summary>
public sealed class HandoverBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_outgoing_shift_hands_over_and_the_incoming_shift_acknowledges_on_the_roster_page()
    {
        var outgoing = await browser.SignInAsync("duty.150203");
        await outgoing.GotoAsync("/duty/roster");
        await BrowserFixture.ReadyAsync(outgoing);
        await outgoing.GetByText("值班日志与交接班").ClickAsync();
        await outgoing.Locator("[data-testid=handover-notes] textarea").FillAsync("昆都仑区某小区停电，供电公司抢修中，请接班后跟进恢复情况。");
        await outgoing.GetByTestId("handover-submit").Locator("button").ClickAsync();
        var records = outgoing.GetByTestId("handover-records");
        await Assertions.Expect(records.GetByTestId("handover-record").First).ToContainTextAsync("请接班后跟进恢复情况");
        await Assertions.Expect(records.GetByTestId("handover-record").First).ToContainTextAsync("待接班确认");
        // The one who handed over is not offered the acknowledgement.
        await Assertions.Expect(records.GetByTestId("handover-ack")).ToHaveCountAsync(0);

        var incoming = await browser.SignInAsync("onduty.150203");
        await incoming.GotoAsync("/duty/roster");
        await BrowserFixture.ReadyAsync(incoming);
        await incoming.GetByText("值班日志与交接班").ClickAsync();
        var record = incoming.GetByTestId("handover-records").GetByTestId("handover-record").First;
        await Assertions.Expect(record).ToContainTextAsync("请接班后跟进恢复情况");
        await record.GetByTestId("handover-ack").Locator("button").ClickAsync();
        await Assertions.Expect(record.GetByTestId("handover-acknowledged")).ToContainTextAsync("接班确认");
        await Assertions.Expect(incoming.GetByTestId("log-list")).ToContainTextAsync("接班确认");
        await incoming.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("roster-handover"), FullPage = true });
    }
}
