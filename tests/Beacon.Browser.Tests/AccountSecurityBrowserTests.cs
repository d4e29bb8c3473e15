using System.Net;
using System.Text.RegularExpressions;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Units.ListUnits;
using Beacon.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace Beacon.Browser.Tests;

/// <summary>
/// Issue 19 as a person meets it (docs/security.md): changing the password on its form, the security page's sessions and
/// sign-out everywhere, and recovery codes shown once and used at sign-in instead of the authenticator.
/// </summary>
public sealed partial class AccountSecurityBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string First = "Correct-Horse-2026";
    private const string Second = "Battery-Staple-2027";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_person_changes_the_password_on_the_form_with_the_rules_shown_and_the_old_one_is_refused_afterwards()
    {
        var user = await CreateViewerAsync("browser-pw.150203");
        var page = await SignInAsync(user, First);

        await page.GotoAsync("/account/password");
        await Expect(page.GetByTestId("password-rules")).ToContainTextAsync("至少 12 个字符");
        await Expect(page.GetByTestId("password-rules")).ToContainTextAsync("最近 5 次");
        await page.GetByTestId("password-current").FillAsync(First);
        await page.GetByTestId("password-new").FillAsync(Second);
        await page.GetByTestId("password-confirm").FillAsync(Second);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("account-password"), FullPage = true });
        await page.GetByTestId("password-submit").ClickAsync();
        await Expect(page.GetByTestId("password-changed")).ToContainTextAsync("密码已修改");

        var old = await browser.NewPageAsync();
        await FillSignInAsync(old, user, First);
        await Expect(old.GetByTestId("signin-error")).ToContainTextAsync("登录失败");
        var fresh = await SignInAsync(user, Second);
        await Expect(fresh.GetByTestId("home-welcome")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_security_page_lists_the_open_sessions_and_signs_out_everywhere()
    {
        var user = await CreateViewerAsync("browser-sessions.150203");
        var phone = await SignInAsync(user, First);
        var desk = await SignInAsync(user, First);

        await desk.GotoAsync("/account/security");
        await Expect(desk.GetByTestId("security-session")).ToHaveCountAsync(2);
        await Expect(desk.GetByTestId("security-sessions")).ToContainTextAsync("本会话");
        await Expect(desk.GetByTestId("security-end-session")).ToHaveCountAsync(1);
        await desk.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("account-security"), FullPage = true });

        await desk.GetByTestId("security-signout-everywhere").ClickAsync();
        await Expect(desk).ToHaveURLAsync(SignInUrl());
        // The other browser's session is checked against the server at most once a minute (fake clock).
        browser.Beacon.Clock.Advance(TimeSpan.FromSeconds(61));
        await phone.GotoAsync("/");
        await Expect(phone).ToHaveURLAsync(SignInUrl());
    }

    [Fact]
    public async Task Recovery_codes_are_shown_once_and_one_signs_in_instead_of_the_authenticator()
    {
        var user = await CreateViewerAsync("browser-recovery.150203");
        var secret = Totp.NewSecret();
        await using (var scope = browser.Beacon.Services.CreateAsyncScope())
        await using (var db = browser.Beacon.Db())
        {
            var account = await db.Users.SingleAsync(u => u.UserName == user, Ct);
            account.ProtectedTotpSecret = scope.ServiceProvider.GetRequiredService<SignInService>().ProtectSecret(secret);
            account.TwoFactorEnabled = true;
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.NewPageAsync();
        await FillSignInAsync(page, user, First);
        await Expect(page).ToHaveURLAsync(TwoFactorUrl());
        browser.Beacon.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        await page.GetByTestId("two-factor-code").FillAsync(Totp.Code(secret, Totp.StepAt(browser.Beacon.Clock.GetUtcNow())));
        await page.GetByTestId("two-factor-submit").ClickAsync();
        await Expect(page.GetByTestId("home-welcome")).ToBeVisibleAsync();

        await page.GotoAsync("/account/security");
        await Expect(page.GetByTestId("recovery-left")).ToContainTextAsync("尚未生成恢复码");
        await page.GetByTestId("recovery-password").FillAsync(First);
        await page.GetByTestId("recovery-generate").ClickAsync();
        await Expect(page.GetByTestId("recovery-code")).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("recovery-left")).ToContainTextAsync("剩余 10 个");
        var code = await page.GetByTestId("recovery-code").First.TextContentAsync();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("account-recovery-codes"), FullPage = true });

        // Shown once: the page opened again says how many are left, not what they are.
        await page.GotoAsync("/account/security");
        await Expect(page.GetByTestId("recovery-left")).ToContainTextAsync("剩余 10 个");
        await Expect(page.GetByTestId("recovery-code")).ToHaveCountAsync(0);
        Assert.DoesNotContain(code!, await page.ContentAsync(), StringComparison.Ordinal);

        var lostPhone = await browser.NewPageAsync();
        await FillSignInAsync(lostPhone, user, First);
        await Expect(lostPhone).ToHaveURLAsync(TwoFactorUrl());
        await lostPhone.GetByTestId("recovery-toggle").Locator("summary").ClickAsync();
        await lostPhone.GetByTestId("recovery-code").FillAsync(code!);
        await lostPhone.GetByTestId("recovery-submit").ClickAsync();
        await Expect(lostPhone.GetByTestId("home-welcome")).ToBeVisibleAsync();
        await lostPhone.GotoAsync("/account/security");
        await Expect(lostPhone.GetByTestId("recovery-left")).ToContainTextAsync("剩余 9 个");
    }

    /// <summary>A viewer of 昆都仑区 created by an administrator through the API, with the password <see cref="First"/>.</summary>
    private async Task<string> CreateViewerAsync(string userName)
    {
        using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.BaseAddress };
        Assert.StartsWith("/account/two-factor", await BeaconFactory.PostSignInAsync(admin, "admin.150000", Platform.Seeding.DemoAccounts.Password), StringComparison.Ordinal);
        Assert.Equal("/", await BeaconFactory.PostSecondFactorAsync(admin, browser.Beacon.CurrentTotp()));
        var unit = (await admin.GetAllPagesAsync<UnitView>("/api/v1/units?jurisdiction=150203&kind=DutyRoom", Ct)).Single();
        var response = await admin.PostJsonAsync("/api/v1/accounts", new
        {
            userName,
            displayName = "浏览器测试",
            unitId = unit.Id,
            roles = new[] { "Viewer" },
            password = First,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return userName;
    }

    private async Task<IPage> SignInAsync(string user, string password)
    {
        var page = await browser.NewPageAsync();
        await FillSignInAsync(page, user, password);
        await Expect(page.GetByTestId("home-welcome")).ToBeVisibleAsync();
        return page;
    }

    private static async Task FillSignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/signin");
        await page.GetByTestId("signin-username").FillAsync(user);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("/account/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/account/two-factor")]
    private static partial Regex TwoFactorUrl();
}
