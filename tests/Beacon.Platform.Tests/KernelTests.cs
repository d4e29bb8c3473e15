using System.Globalization;
using System.Text;
using Beacon.Platform.Accounts.SignIn;
using Beacon.Platform.Time;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Beacon.Platform.Tests;

/// <summary>Small pieces of the kernel that need no server.</summary>
public sealed class KernelTests
{
    [Fact]
    public void Totp_matches_the_rfc_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) → 287082 (6 digits).
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");

        Assert.Equal("287082", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal("081804", Totp.Code(secret, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(1111111109))));
    }

    [Fact]
    public void Totp_accepts_one_step_of_drift_but_never_an_earlier_step_again()
    {
        var secret = Totp.NewSecret();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var previous = Totp.Code(secret, Totp.StepAt(now) - 1);

        var step = Totp.Verify(secret, previous, now, 0);

        Assert.Equal(Totp.StepAt(now) - 1, step);
        Assert.Null(Totp.Verify(secret, previous, now, step!.Value));
        Assert.Null(Totp.Verify(secret, Totp.Code(secret, Totp.StepAt(now) - 2), now, 0));
        Assert.Null(Totp.Verify(secret, "12a456", now, 0));
    }

    [Fact]
    public void Base32_round_trips()
    {
        var bytes = Totp.NewSecret();

        Assert.Equal(bytes, Totp.FromBase32(Totp.ToBase32(bytes)));
        Assert.Equal("JBSWY3DPEHPK3PXP", Totp.ToBase32([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]));
    }

    [Fact]
    public void The_sign_in_delay_starts_after_five_failures_doubles_and_is_capped()
    {
        var options = new SecurityOptions();

        Assert.Equal(TimeSpan.Zero, options.DelayAfter(4));
        Assert.Equal(TimeSpan.FromMinutes(1), options.DelayAfter(5));
        Assert.Equal(TimeSpan.FromMinutes(2), options.DelayAfter(6));
        Assert.Equal(TimeSpan.FromMinutes(8), options.DelayAfter(8));
        Assert.Equal(TimeSpan.FromMinutes(15), options.DelayAfter(9));
        Assert.Equal(TimeSpan.FromMinutes(15), options.DelayAfter(500));
    }

    [Fact]
    public void Utc_instants_are_shown_in_beijing_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 16, 30, 5, TimeSpan.Zero));
        var beijing = new BeijingTime(Options.Create(new TimeOptions()), clock);

        Assert.Equal("2026-11-29 00:30:05", beijing.Format(clock.GetUtcNow()));
        Assert.Equal(TimeSpan.FromHours(8), beijing.Now.Offset);
        Assert.Equal("2026年11月29日 星期日", beijing.LongDate(CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Equal("Sunday, 29 November 2026", beijing.LongDate(CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal("", beijing.Format(null));
    }
}
