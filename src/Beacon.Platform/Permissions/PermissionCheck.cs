using Beacon.Platform.Audit;
using Beacon.Platform.Data;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Beacon.Platform.Permissions;

/// <summary>
/// The one place that answers "may this person do that": the endpoint's authorization (<see
/// cref="PermissionEndpoints.RequirePermission"/>), the first line of every write handler (so a page that calls the
/// handler is checked by the same code) and the pages deciding which actions to show all ask here. Jurisdiction
/// (which records) stays with <see cref="ScopeService"/>; this is the role half. Every refusal is audited.
/// </summary>
public sealed class PermissionCheck(CurrentActor current, IOptions<PermissionOptions> options, BeaconDbFactory dbs)
{
    /// <summary>The <c>code</c> of every refusal by permission.</summary>
    public const string DeniedCode = Http.PlatformErrors.PermissionDenied;

    public Actor Actor => current.Actor;

    /// <summary>The roles holding <paramref name="permission"/>: configured ones, or its defaults.</summary>
    public IReadOnlyList<string> RolesOf(Permission permission) =>
        options.Value.Roles.TryGetValue(permission.Code, out var configured) && configured.Count > 0 ? configured : permission.Roles;

    /// <summary>True when the current person or token holds <paramref name="permission"/>.</summary>
    public bool Allows(Permission permission) => Allows(current.Actor, permission);

    public bool Allows(Actor actor, Permission permission) =>
        actor.IsAuthenticated && RolesOf(permission).Any(actor.IsInRole);

    /// <summary>
    /// Returns when the current actor holds <paramref name="permission"/>; otherwise audits the refusal (with
    /// <paramref name="subject"/>, the id of the record acted on) and throws.
    /// </summary>
    /// <exception cref="PermissionDeniedException">The actor does not hold the permission.</exception>
    public Task DemandAsync(Permission permission, object? subject = null, CancellationToken ct = default) =>
        DemandAsync(current.Actor, permission, subject, ct);

    public async Task DemandAsync(Actor actor, Permission permission, object? subject = null, CancellationToken ct = default)
    {
        if (Allows(actor, permission))
        {
            return;
        }

        await AuditDeniedAsync(actor, permission, subject, ct);
        throw new PermissionDeniedException(permission);
    }

    /// <summary>Writes the refused attempt to the audit trail (action = the permission's code, outcome Denied).</summary>
    public async Task AuditDeniedAsync(Actor actor, Permission permission, object? subject, CancellationToken ct)
    {
        await using var db = dbs.CreateFor(actor);
        db.Audit(permission.Code, null, subject?.ToString(), new { permission = permission.Code }, AuditOutcome.Denied);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The API's answer to a refusal: 403 ProblemDetails with <c>code</c> = <see cref="DeniedCode"/> and <c>permission</c>.</summary>
    public static IResult Denied(Permission permission) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"Your roles do not hold the permission '{permission.Code}'.",
            extensions: new Dictionary<string, object?> { ["code"] = DeniedCode, ["permission"] = permission.Code });
}
