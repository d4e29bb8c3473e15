using Beacon.Platform.Units;
using Microsoft.AspNetCore.Identity;

namespace Beacon.Platform.Accounts;

/// <summary>An account. Its data scope is its unit's jurisdiction and everything below it.</summary>
public sealed class BeaconUser : IdentityUser<Guid>
{
    public BeaconUser()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    public string DisplayName { get; set; } = "";

    public Guid UnitId { get; set; }

    public Unit? Unit { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>Consecutive failed sign-ins since the last success.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>No password is checked before this instant (progressive delay, not a lock-out).</summary>
    public DateTimeOffset? SignInBlockedUntil { get; set; }

    /// <summary>TOTP secret, protected with ASP.NET Core Data Protection; null until enrolled.</summary>
    public string? ProtectedTotpSecret { get; set; }

    /// <summary>Last TOTP time step accepted, so a code cannot be replayed.</summary>
    public long LastTotpStep { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the password was last set (by its owner, an administrator's reset or creation); drives expiry.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }

    /// <summary>Set by an administrator's reset: nothing but changing the password works until it is changed.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Hashes of the previous passwords (newest first, one a line), so a recent one cannot be reused.</summary>
    [Audit.AuditSecret]
    public string? PasswordHistory { get; set; }

    /// <summary>Hashes of the unused second-factor recovery codes (one a line); each works once.</summary>
    [Audit.AuditSecret]
    public string? RecoveryCodes { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    public int Version { get; set; } = 1;
}

public sealed class BeaconRole : IdentityRole<Guid>
{
    public BeaconRole()
    {
        Id = Guid.CreateVersion7();
    }

    public BeaconRole(string name)
        : this()
    {
        Name = name;
        NormalizedName = name.ToUpperInvariant();
    }
}

/// <summary>The roles of Beacon. Names are stable identifiers; the UI shows the localised label.</summary>
public static class Roles
{
    /// <summary>Administrator (系统管理员).</summary>
    public const string Administrator = "Administrator";

    /// <summary>Duty officer (值班员).</summary>
    public const string DutyOfficer = "DutyOfficer";

    /// <summary>Leader on duty (带班领导).</summary>
    public const string LeaderOnDuty = "LeaderOnDuty";

    /// <summary>Leader (领导).</summary>
    public const string Leader = "Leader";

    /// <summary>Department liaison (部门联络员).</summary>
    public const string DepartmentLiaison = "DepartmentLiaison";

    /// <summary>Viewer (查看).</summary>
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } =
        [Administrator, DutyOfficer, LeaderOnDuty, Leader, DepartmentLiaison, Viewer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
