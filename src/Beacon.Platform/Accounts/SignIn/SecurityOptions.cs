namespace Beacon.Platform.Accounts.SignIn;

/// <summary>Configuration section <c>Beacon:Security</c>. See docs/decisions/0002-sign-in-throttling.md.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Beacon:Security";

    /// <summary>Wrong passwords allowed before the first delay.</summary>
    public int FreeAttempts { get; set; } = 5;

    /// <summary>Delay after the last free attempt; doubles with every further failure.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest delay, so an attacker can slow an account down but never lock it out for long.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A signed-in browser session ends after this much inactivity.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A browser session ends this long after sign-in however active it is (ASVS V7.3.2); 0 switches it off. Decision 0015.
    /// </summary>
    public TimeSpan AbsoluteSessionLifetime { get; set; } = TimeSpan.FromHours(12);

    public int MinPasswordLength { get; set; } = 12;

    /// <summary>How many recent passwords (the current one included) a change may not reuse.</summary>
    public int PasswordHistory { get; set; } = 5;

    /// <summary>A password older than this must be changed at the next sign-in; null (the default) for no expiry (MLPS a, ASVS V6.2.10: off).</summary>
    public TimeSpan? PasswordMaxAge { get; set; }

    /// <summary>With <see cref="PasswordMaxAge"/>: how long before the expiry the pages warn.</summary>
    public TimeSpan PasswordExpiryWarning { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Roles besides Administrator that must sign in with a second factor, e.g. <c>LeaderOnDuty</c>, <c>Leader</c> (those who sign off warnings).</summary>
    public string[] RequireTwoFactorForRoles { get; set; } = [];

    /// <summary>Whether two-factor sign-in is required for administrators (MLPS level 3: yes).</summary>
    public bool RequireTwoFactorForAdministrators { get; set; } = true;

    /// <summary>Longest lifetime of an API token.</summary>
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromDays(366);

    public TimeSpan DelayAfter(int failures)
    {
        if (failures < FreeAttempts)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeAttempts, 20);
        var delay = FirstDelay * Math.Pow(2, doublings);
        return delay > MaxDelay ? MaxDelay : delay;
    }
}
