using System.Security.Claims;
using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Accounts.SignIn;

public enum SignInStatus
{
    Succeeded,
    NeedsSecondFactor,
    NeedsSecondFactorEnrollment,
    Failed,
    Throttled,
}

public sealed record SignInOutcome(SignInStatus Status, Guid? UserId = null, DateTimeOffset? RetryAt = null);

/// <summary>
/// Password and TOTP checks with progressive delay (no permanent lock-out), every attempt audited.
/// The caller turns a success into a cookie or a response; this class only decides.
/// </summary>
public sealed class SignInService(
    BeaconDbFactory dbs,
    IPasswordHasher<BeaconUser> hasher,
    IDataProtectionProvider protection,
    IOptions<SecurityOptions> options,
    TimeProvider clock)
{
    private static readonly BeaconUser Dummy = new() { UserName = "dummy" };
    private static string? _dummyHash;

    private IDataProtector Protector => protection.CreateProtector("Beacon.Totp.v1");

    /// <summary>First step: user name and password.</summary>
    public async Task<SignInOutcome> CheckPasswordAsync(string userName, string password, string? clientAddress, CancellationToken ct = default)
    {
        await using var db = dbs.CreateForSystem();
        var normalized = userName.Trim().ToUpperInvariant();
        var user = await db.Users.Include(u => u.Unit).ThenInclude(u => u!.Jurisdiction)
            .SingleOrDefaultAsync(u => u.NormalizedUserName == normalized, ct);
        var now = clock.GetUtcNow();
        if (user is null)
        {
            // Same work as a real check, so timing does not reveal which names exist.
            _dummyHash ??= hasher.HashPassword(Dummy, "not-a-password-0A");
            hasher.VerifyHashedPassword(Dummy, _dummyHash, password);
            db.Audit("signin.failed", "BeaconUser", null, new { userName = Truncate(userName, 100), reason = "unknown user" },
                AuditOutcome.Failure, Actor.Anonymous with { UserName = Truncate(userName, 100), ClientAddress = clientAddress });
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Failed);
        }

        var who = ActorOf(user, clientAddress);
        if (user.SignInBlockedUntil is { } until && until > now)
        {
            db.Audit("signin.throttled", "BeaconUser", user.Id.ToString(), new { retryAt = until }, AuditOutcome.Denied, who);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Throttled, user.Id, until);
        }

        var verdict = user.PasswordHash is null
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed || user.IsDisabled)
        {
            return await FailAsync(db, user, who, user.IsDisabled ? "account disabled" : "wrong password", ct);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        if (await NeedsSecondFactorAsync(db, user, ct))
        {
            db.Audit("signin.password-accepted", "BeaconUser", user.Id.ToString(), new { next = "totp" }, AuditOutcome.Success, who);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(
                user.ProtectedTotpSecret is null ? SignInStatus.NeedsSecondFactorEnrollment : SignInStatus.NeedsSecondFactor,
                user.Id);
        }

        return await SucceedAsync(db, user, who, "password", ct);
    }

    /// <summary>Second step: the TOTP code of a user whose password was accepted moments ago.</summary>
    public async Task<SignInOutcome> CheckSecondFactorAsync(Guid userId, string? code, string? clientAddress, CancellationToken ct = default)
    {
        await using var db = dbs.CreateForSystem();
        var user = await db.Users.Include(u => u.Unit).ThenInclude(u => u!.Jurisdiction).SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.ProtectedTotpSecret is null)
        {
            return new SignInOutcome(SignInStatus.Failed);
        }

        var who = ActorOf(user, clientAddress);
        var now = clock.GetUtcNow();
        if (user.SignInBlockedUntil is { } until && until > now)
        {
            db.Audit("signin.throttled", "BeaconUser", user.Id.ToString(), new { retryAt = until, step = "totp" }, AuditOutcome.Denied, who);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Throttled, user.Id, until);
        }

        var secret = Protector.Unprotect(Convert.FromBase64String(user.ProtectedTotpSecret));
        var step = Totp.Verify(secret, code, now, user.LastTotpStep);
        if (step is null)
        {
            return await FailAsync(db, user, who, "wrong second-factor code", ct);
        }

        user.LastTotpStep = step.Value;
        return await SucceedAsync(db, user, who, "password+totp", ct);
    }

    /// <summary>
    /// Second step with a recovery code instead of the authenticator's code (decision 0023): each code works once; a wrong
    /// one counts towards the sign-in delay like a wrong TOTP code.
    /// </summary>
    public async Task<SignInOutcome> CheckRecoveryCodeAsync(Guid userId, string? code, string? clientAddress, CancellationToken ct = default)
    {
        await using var db = dbs.CreateForSystem();
        var user = await db.Users.Include(u => u.Unit).ThenInclude(u => u!.Jurisdiction).SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.ProtectedTotpSecret is null)
        {
            return new SignInOutcome(SignInStatus.Failed);
        }

        var who = ActorOf(user, clientAddress);
        var now = clock.GetUtcNow();
        if (user.SignInBlockedUntil is { } until && until > now)
        {
            db.Audit("signin.throttled", "BeaconUser", user.Id.ToString(), new { retryAt = until, step = "recovery-code" }, AuditOutcome.Denied, who);
            await db.SaveChangesAsync(ct);
            return new SignInOutcome(SignInStatus.Throttled, user.Id, until);
        }

        if (RecoveryCodes.RecoveryCode.Redeem(user.RecoveryCodes, code) is not { } left)
        {
            return await FailAsync(db, user, who, "wrong or used recovery code", ct);
        }

        user.RecoveryCodes = left.Length == 0 ? null : string.Join('\n', left);
        db.Audit("account.recovery-code-used", "BeaconUser", user.Id.ToString(), new { left = left.Length }, AuditOutcome.Success, who);
        return await SucceedAsync(db, user, who, "password+recovery-code", ct);
    }

    /// <summary>Starts TOTP enrolment: a new secret, not yet active (returned as base32 for the authenticator app).</summary>
    public static string NewEnrollmentSecret() => Totp.ToBase32(Totp.NewSecret());

    /// <summary>Completes enrolment when <paramref name="code"/> matches <paramref name="base32Secret"/>.</summary>
    public async Task<SignInOutcome> EnrollSecondFactorAsync(Guid userId, string base32Secret, string? code, string? clientAddress, CancellationToken ct = default)
    {
        await using var db = dbs.CreateForSystem();
        var user = await db.Users.Include(u => u.Unit).ThenInclude(u => u!.Jurisdiction).SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return new SignInOutcome(SignInStatus.Failed);
        }

        var who = ActorOf(user, clientAddress);
        byte[] secret;
        try
        {
            secret = Totp.FromBase32(base32Secret);
        }
        catch (FormatException)
        {
            return new SignInOutcome(SignInStatus.Failed, user.Id);
        }

        var step = Totp.Verify(secret, code, clock.GetUtcNow(), 0);
        if (step is null)
        {
            return await FailAsync(db, user, who, "wrong code during second-factor enrolment", ct);
        }

        user.ProtectedTotpSecret = Convert.ToBase64String(Protector.Protect(secret));
        user.LastTotpStep = step.Value;
        user.TwoFactorEnabled = true;
        db.Audit("account.totp-enrolled", "BeaconUser", user.Id.ToString(), null, AuditOutcome.Success, who);
        return await SucceedAsync(db, user, who, "password+totp-enrolment", ct);
    }

    /// <summary>Sets the TOTP secret directly (CLI and demo seeding).</summary>
    public string ProtectSecret(byte[] secret) => Convert.ToBase64String(Protector.Protect(secret));

    public async Task<ClaimsPrincipal?> PrincipalForAsync(Guid userId, string scheme, CancellationToken ct = default) =>
        await PrincipalForAsync(userId, scheme, null, ct);

    /// <summary>
    /// The principal of a session: with <paramref name="session"/>, its id and absolute end are claims checked on every
    /// request, and a password that must be changed (reset by an administrator, or expired) or expires soon is named.
    /// </summary>
    public async Task<ClaimsPrincipal?> PrincipalForAsync(Guid userId, string scheme, UserSession? session, CancellationToken ct = default)
    {
        await using var db = dbs.CreateForSystem();
        var user = await db.Users.AsNoTracking().Include(u => u.Unit).SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null || user.IsDisabled)
        {
            return null;
        }

        var roles = await RolesOfAsync(db, user.Id, ct);
        var principal = CreatePrincipal(user, roles, scheme);
        var identity = (ClaimsIdentity)principal.Identity!;
        if (session is not null)
        {
            identity.AddClaim(new Claim(BeaconClaims.SessionId, session.Id.ToString()));
            identity.AddClaim(new Claim(BeaconClaims.SessionExpires, session.ExpiresAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var (state, expiresAt) = PasswordStateOf(user);
        if (state is not null)
        {
            identity.AddClaim(new Claim(BeaconClaims.PasswordChange, state));
        }
        else if (expiresAt is { } at)
        {
            identity.AddClaim(new Claim(BeaconClaims.PasswordExpires, at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return principal;
    }

    /// <summary>
    /// Whether the password must be changed now (<c>reset</c>: set by an administrator; <c>expired</c>: older than
    /// <see cref="SecurityOptions.PasswordMaxAge"/>), or else when it expires if that is within the warning period.
    /// </summary>
    public (string? MustChange, DateTimeOffset? ExpiresSoon) PasswordStateOf(BeaconUser user)
    {
        if (user.MustChangePassword)
        {
            return ("reset", null);
        }

        if (options.Value.PasswordMaxAge is not { } maxAge || maxAge <= TimeSpan.Zero)
        {
            return (null, null);
        }

        var expires = (user.PasswordChangedAt ?? user.CreatedAt) + maxAge;
        var now = clock.GetUtcNow();
        return expires <= now ? ("expired", null) : expires - now <= options.Value.PasswordExpiryWarning ? (null, expires) : (null, null);
    }

    /// <summary>Starts a server-side session (decision 0015): listed to its owner, ended by sign-out, ending at its absolute lifetime.</summary>
    public async Task<UserSession> StartSessionAsync(Guid userId, string? clientAddress, string? userAgent, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var lifetime = options.Value.AbsoluteSessionLifetime;
        var session = new UserSession
        {
            UserId = userId,
            StartedAt = now,
            LastSeenAt = now,
            ExpiresAt = lifetime > TimeSpan.Zero ? now + lifetime : DateTimeOffset.MaxValue.AddDays(-1),
            ClientAddress = clientAddress,
            UserAgent = userAgent is { Length: > 200 } ? userAgent[..200] : userAgent,
        };
        await using var db = dbs.CreateForSystem();
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    public static ClaimsPrincipal CreatePrincipal(BeaconUser user, IEnumerable<string> roles, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName ?? ""),
            new(BeaconClaims.DisplayName, user.DisplayName),
            new(BeaconClaims.UnitId, user.UnitId.ToString()),
            new("AspNet.Identity.SecurityStamp", user.SecurityStamp ?? ""),
        };
        if (user.Unit is not null)
        {
            claims.Add(new Claim(BeaconClaims.JurisdictionId, user.Unit.JurisdictionId.ToString()));
        }

        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static async Task<List<string>> RolesOfAsync(BeaconDb db, Guid userId, CancellationToken ct) =>
        await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!)
            .ToListAsync(ct);

    private async Task<bool> NeedsSecondFactorAsync(BeaconDb db, BeaconUser user, CancellationToken ct)
    {
        if (user.ProtectedTotpSecret is not null && user.TwoFactorEnabled)
        {
            return true;
        }

        var roles = await RolesOfAsync(db, user.Id, ct);
        return RequiresSecondFactor(options.Value, roles);
    }

    /// <summary>The second-factor policy by role: administrators (unless switched off), and the configured roles (decision 0015).</summary>
    public static bool RequiresSecondFactor(SecurityOptions security, IEnumerable<string> roles) =>
        roles.Any(r => (r == Roles.Administrator && security.RequireTwoFactorForAdministrators)
            || security.RequireTwoFactorForRoles.Contains(r, StringComparer.Ordinal));

    private async Task<SignInOutcome> FailAsync(BeaconDb db, BeaconUser user, Actor who, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        user.FailedSignIns++;
        var delay = options.Value.DelayAfter(user.FailedSignIns);
        user.SignInBlockedUntil = delay > TimeSpan.Zero ? now + delay : null;
        db.Audit("signin.failed", "BeaconUser", user.Id.ToString(),
            new { reason, failures = user.FailedSignIns }, AuditOutcome.Failure, who);
        if (delay > TimeSpan.Zero)
        {
            db.Audit("signin.delayed", "BeaconUser", user.Id.ToString(),
                new { failures = user.FailedSignIns, until = user.SignInBlockedUntil }, AuditOutcome.Denied, who);
        }

        await db.SaveChangesAsync(ct);
        return new SignInOutcome(SignInStatus.Failed, user.Id, user.SignInBlockedUntil);
    }

    private async Task<SignInOutcome> SucceedAsync(BeaconDb db, BeaconUser user, Actor who, string method, CancellationToken ct)
    {
        user.FailedSignIns = 0;
        user.SignInBlockedUntil = null;
        user.LastSignInAt = clock.GetUtcNow();
        db.Audit("signin.succeeded", "BeaconUser", user.Id.ToString(), new { method }, AuditOutcome.Success, who);
        await db.SaveChangesAsync(ct);
        return new SignInOutcome(SignInStatus.Succeeded, user.Id);
    }

    private static Actor ActorOf(BeaconUser user, string? clientAddress) =>
        new(user.Id, user.UserName ?? "", user.UnitId, user.Unit?.JurisdictionId, clientAddress, []);

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
