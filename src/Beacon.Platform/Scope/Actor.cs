using System.Security.Claims;

namespace Beacon.Platform.Scope;

/// <summary>Who is acting: the signed-in account, an API token, or the system itself.</summary>
public sealed record Actor(
    Guid? UserId,
    string UserName,
    Guid? UnitId,
    Guid? JurisdictionId,
    string? ClientAddress,
    IReadOnlyList<string> Roles,
    Guid? TokenId = null)
{
    public static Actor System { get; } = new(null, "system", null, null, null, []);

    public static Actor Anonymous { get; } = new(null, "anonymous", null, null, null, []);

    public bool IsAuthenticated => UserId is not null || TokenId is not null;

    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    public static Actor FromPrincipal(ClaimsPrincipal principal, string? clientAddress)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return Anonymous with { ClientAddress = clientAddress };
        }

        static Guid? G(ClaimsPrincipal p, string type) =>
            Guid.TryParse(p.FindFirstValue(type), out var g) ? g : null;

        var tokenId = G(principal, BeaconClaims.TokenId);
        return new Actor(
            tokenId is null ? G(principal, ClaimTypes.NameIdentifier) : null,
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            G(principal, BeaconClaims.UnitId),
            G(principal, BeaconClaims.JurisdictionId),
            clientAddress,
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
            tokenId);
    }
}

/// <summary>Claim types Beacon adds to a principal.</summary>
public static class BeaconClaims
{
    public const string UnitId = "beacon:unit";
    public const string JurisdictionId = "beacon:jurisdiction";
    public const string TokenId = "beacon:token";
    public const string DisplayName = "beacon:display-name";

    /// <summary>The server-side session (<see cref="Accounts.UserSession"/>) a cookie belongs to.</summary>
    public const string SessionId = "beacon:session";

    /// <summary>The session's absolute end, UTC ticks: checked on every request.</summary>
    public const string SessionExpires = "beacon:session-expires";

    /// <summary>The password must be changed before anything else: <c>reset</c> or <c>expired</c>.</summary>
    public const string PasswordChange = "beacon:password-change";

    /// <summary>The password expires soon (UTC ticks): the pages warn.</summary>
    public const string PasswordExpires = "beacon:password-expires";
}

/// <summary>
/// The actor of the current scope (an HTTP request or a Blazor circuit). Set once by the
/// authentication middleware or the circuit handler; read by <see cref="Data.BeaconDb"/> for the audit trail.
/// </summary>
public sealed class CurrentActor
{
    public Actor Actor { get; private set; } = Actor.Anonymous;

    public void Set(Actor actor) => Actor = actor;
}
