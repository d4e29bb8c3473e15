using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

public sealed partial class ShellTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_signs_in_with_the_second_factor_sees_home_switches_language_and_opens_the_audit_trail()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
        await page.GetByTestId("signin-username").FillAsync("admin.150000");
        await page.GetByTestId("signin-password").FillAsync(Platform.Seeding.DemoAccounts.Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(TwoFactorUrl());
        await page.GetByTestId("two-factor-code").FillAsync(browser.Beacon.CurrentTotp());
        await page.GetByTestId("two-factor-submit").ClickAsync();

        await Expect(page.GetByTestId("home-welcome")).ToContainTextAsync("欢迎");
        await Expect(page.GetByTestId("home-unit")).ToHaveTextAsync("内蒙古自治区人民政府总值班室");
        await Expect(page.GetByTestId("home-today")).ToContainTextAsync("年");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("home-zh"), FullPage = true });

        await page.GetByTestId("lang-en").ClickAsync();
        await Expect(page.GetByTestId("home-welcome")).ToContainTextAsync("Welcome");
        await Expect(page.GetByTestId("home-today")).ToContainTextAsync("202");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("home-en"), FullPage = true });
        await page.GetByTestId("lang-zh").ClickAsync();
        await Expect(page.GetByTestId("home-welcome")).ToContainTextAsync("欢迎");

        await page.GotoAsync("/admin/audit");
        await Expect(page.GetByTestId("audit-title")).ToBeVisibleAsync();
        // Action names, not codes (issue 12, item 10).
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("登录成功");
        await Expect(page.GetByTestId("audit-table")).Not.ToContainTextAsync("signin.succeeded");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("audit"), FullPage = true });
    }

    [Fact]
    public async Task A_duty_officer_signs_in_without_a_second_factor_and_cannot_open_administration()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/account/signin");
        await page.GetByTestId("signin-username").FillAsync("duty.150203");
        await page.GetByTestId("signin-password").FillAsync(Platform.Seeding.DemoAccounts.Password);
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page.GetByTestId("home-unit")).ToHaveTextAsync("昆都仑区人民政府总值班室");
        await Expect(page.GetByTestId("home-modules")).Not.ToContainTextAsync("审计日志");
        // Every module's card is titled in Chinese from its own resources, never by its resource key.
        await Expect(page.GetByTestId("home-modules")).ToContainTextAsync("值班台");
        await Expect(page.GetByTestId("home-modules")).Not.ToContainTextAsync("Menu.");
        await page.GotoAsync("/directory");
        await Expect(page.GetByTestId("directory-table")).ToContainTextAsync("昆都仑区应急管理局");
        await Expect(page.GetByTestId("directory-table")).Not.ToContainTextAsync("青山区");
        await page.GotoAsync("/admin/audit");
        await Expect(page.GetByText("无权访问")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_wrong_password_shows_a_chinese_error_and_no_session()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/account/signin");
        await page.GetByTestId("signin-username").FillAsync("viewer.150200");
        await page.GetByTestId("signin-password").FillAsync("not-the-password");
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("登录失败");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(SignInUrl());
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("/account/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/account/two-factor")]
    private static partial Regex TwoFactorUrl();
}
