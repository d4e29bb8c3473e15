using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Upstream;

/// <summary>
/// Where the push of one message to the upstream publisher stands (上报国家预警发布系统): Queued (排队), Accepted
/// (已受理) or Failed (失败), with its attempts, the last answer's status and the publisher's answer (回执, trimmed).
/// </summary>
public sealed record UpstreamPushView(
    Guid WarningId, string Identifier, UpstreamState State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, int? LastStatusCode, string? LastError, string? Acknowledgement,
    string? AcknowledgementIdentifier)
{
    internal static UpstreamPushView Of(UpstreamPush p) => new(p.WarningId, p.Identifier, p.State, p.Attempts, p.CreatedAt, p.LastAttemptAt,
        p.NextAttemptAt, p.CompletedAt, p.LastStatusCode, p.LastError, p.Acknowledgement, p.AcknowledgementIdentifier);
}

/// <summary>The upstream push of a message in the caller's scope; read by those holding <c>warning.feeds</c> (CAP exchange).</summary>
public sealed class UpstreamStatusHandler(BeaconDbFactory dbs, ScopeService scopes)
{
    /// <summary>Null when the warning is not in scope; a view with no push when none was queued for it.</summary>
    public async Task<(bool Found, UpstreamPushView? Push)> GetAsync(Guid id, CancellationToken ct)
    {
        await scopes.DemandAsync(WarningPermissions.Feeds, id, ct);
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var visible = await db.Set<Warning>().AsNoTracking().Issued(scope).AnyAsync(w => w.Id == id, ct);
        if (!visible)
        {
            return (false, null);
        }

        var push = await db.Set<UpstreamPush>().AsNoTracking().SingleOrDefaultAsync(p => p.WarningId == id, ct);
        return (true, push is null ? null : UpstreamPushView.Of(push));
    }
}

internal static class UpstreamEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/warnings/{id:guid}/upstream", async Task<IResult> (UpstreamStatusHandler h, Guid id, CancellationToken ct) =>
                await h.GetAsync(id, ct) switch
                {
                    (false, _) => ApiResults.NotFound(WarningErrors.NotFound, "Warning"),
                    (true, null) => ApiResults.NotFound(WarningErrors.UpstreamNone, "Upstream push"),
                    (true, { } push) => TypedResults.Ok(push),
                })
            .RequirePermission(WarningPermissions.Feeds)
            .WithName("WarningUpstream").WithTags("Warnings")
            .Produces<UpstreamPushView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("Where the push of a message to the upstream publisher (上报国家预警发布系统) stands: Queued, Accepted (with the publisher's answer) or Failed (with the reason); 404 warning.upstream.none when none was queued");
    }
}
