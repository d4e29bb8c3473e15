using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Platform.Audit.VerifyAudit;

/// <summary>Checks the whole hash chain. Only region-level administrators may, since it reads every row.</summary>
public sealed class VerifyAuditHandler(BeaconDbFactory dbs, ScopeService scopes, Microsoft.Extensions.Options.IOptions<AuditOptions> options)
{
    public async Task<IResult> HandleAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        if (!scope.IsEverything || !scopes.Actor.IsInRole(Roles.Administrator))
        {
            return ApiResults.Forbidden(PlatformErrors.AuditVerifyNotRegion, "Verifying the audit chain needs a region-level administrator.");
        }

        await using var db = dbs.CreateDbContext();
        var result = await AuditChain.VerifyAsync(db, options.Value.UnsealedGrace, ct);
        return TypedResults.Ok(result);
    }
}

internal static class VerifyAuditEndpoint
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/audit/verify", (VerifyAuditHandler handler, CancellationToken ct) => handler.HandleAsync(ct))
            .WithName("VerifyAudit").WithTags("Audit").Produces<AuditVerification>()
            .WithSummary("Verifies the audit hash chain and names any altered, inserted or missing row");
}
