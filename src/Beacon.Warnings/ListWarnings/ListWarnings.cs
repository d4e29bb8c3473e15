using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.ListWarnings;

/// <summary>The warnings of the caller's scope, newest first, and one warning with its chain.</summary>
public sealed class ListWarningsHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<WarningView>> ListAsync(WarningStage? stage, WarningStatus? status, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<Warning>().AsNoTracking().Visible(scope);
        if (stage is { } s)
        {
            query = query.Where(w => w.Stage == s);
        }

        if (status is { } st)
        {
            query = query.Where(w => w.Status == st);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(w => w.DraftedAt).Take(500).ToListAsync(ct);
        return [.. rows.Select(w => WarningView.Of(w, now))];
    }

    public async Task<WarningView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().AsNoTracking().Visible(scope).SingleOrDefaultAsync(w => w.Id == id, ct);
        return warning is null ? null : WarningView.Of(warning, clock.GetUtcNow());
    }

    /// <summary>The CAP XML of a message in scope: as received for an imported one, as published for our own; null when there is none.</summary>
    public async Task<string?> CapAsync(Guid id, CapOut.PublicWarnings published, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var row = await db.Set<Warning>().AsNoTracking().InScope(scope, w => w.IssuingJurisdictionId)
            .Where(w => w.Id == id).Select(w => new { w.Origin, w.OriginalXml, w.Identifier }).SingleOrDefaultAsync(ct);
        return row switch
        {
            null => null,
            { Origin: WarningOrigin.Imported } => row.OriginalXml,
            { Identifier: not null } => await published.CapAsync(id, includeExercises: true, ct),
            _ => null,
        };
    }

    /// <summary>Every message of the chain of <paramref name="id"/>, oldest first.</summary>
    public async Task<IReadOnlyList<WarningView>?> ChainAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var chainId = await db.Set<Warning>().AsNoTracking().InScope(scope, w => w.IssuingJurisdictionId)
            .Where(w => w.Id == id).Select(w => (Guid?)w.ChainId).SingleOrDefaultAsync(ct);
        if (chainId is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var rows = await db.Set<Warning>().AsNoTracking().Visible(scope).Where(w => w.ChainId == chainId).OrderBy(w => w.DraftedAt).ToListAsync(ct);
        return [.. rows.Select(w => WarningView.Of(w, now))];
    }
}

internal static class ListWarningsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/warnings", (ListWarningsHandler h, WarningStage? stage, WarningStatus? status, CancellationToken ct) => h.ListAsync(stage, status, ct))
            .WithName("ListWarnings").WithTags("Warnings").WithSummary("Warnings of issuing units in your scope, newest first; filter by stage and status");
        api.MapGet("/warnings/{id:guid}", async Task<IResult> (ListWarningsHandler h, Guid id, HttpContext http, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, ct) is not { } warning)
                {
                    return ApiResults.NotFound("Warning");
                }

                ApiResults.SetETag(http, warning.Version);
                return TypedResults.Ok(warning);
            })
            .WithName("GetWarning").WithTags("Warnings")
            .Produces<WarningView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("One warning (ETag for If-Match)");
        api.MapGet("/warnings/{id:guid}/chain", async Task<IResult> (ListWarningsHandler h, Guid id, CancellationToken ct) =>
                await h.ChainAsync(id, ct) is { } chain ? TypedResults.Ok(chain) : ApiResults.NotFound("Warning"))
            .WithName("GetWarningChain").WithTags("Warnings")
            .Produces<List<WarningView>>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Every message of a warning's chain, oldest first");
        api.MapGet("/warnings/{id:guid}/cap", async Task<IResult> (ListWarningsHandler h, CapOut.PublicWarnings published, Guid id, CancellationToken ct) =>
                await h.CapAsync(id, published, ct) is { } xml ? TypedResults.Text(xml, "application/cap+xml; charset=utf-8") : ApiResults.NotFound("Warning"))
            .WithName("GetWarningCap").WithTags("Warnings")
            .Produces<string>(StatusCodes.Status200OK, ApiDocs.CapXml).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("A message's CAP XML: as received (imported) or as published (our own)");
    }
}
