using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.ListWarnings;

/// <summary>Current warnings per level (key: the level's name, e.g. <c>Red</c>) and how many await review or sign-off.</summary>
public sealed record WarningCounters(IReadOnlyDictionary<string, int> ActiveByLevel, int Awaiting);

/// <summary>
/// The warnings the caller may read (decision 0036: issued in their scope, or out and covering their area), newest
/// first, and one warning with its chain; those issued outside their scope are marked <see cref="WarningView.ReadOnly"/>.
/// </summary>
public sealed class ListWarningsHandler(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, TimeProvider clock, People people)
{
    /// <summary>One page of the warnings in scope, newest first (time drafted, then id, so pages never overlap or skip).</summary>
    public async Task<Paged<WarningView>> ListAsync(WarningStage? stage, WarningStatus? status, PageRequest page, CancellationToken ct, WarningOrigin? origin = null)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var query = db.Set<Warning>().AsNoTracking().Visible(scope, await tree.GetAsync(ct));
        if (stage is { } s)
        {
            query = query.Where(w => w.Stage == s);
        }

        if (status is { } st)
        {
            query = query.Where(w => w.Status == st);
        }

        if (origin is { } o)
        {
            query = query.Where(w => w.Origin == o);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(w => w.DraftedAt).ThenByDescending(w => w.Id).ToPagedAsync(page, ct);
        var named = await NamedAsync([.. rows.Items.Select(w => Of(w, scope, now))], ct);
        return new Paged<WarningView>(named, rows.Total, rows.Page, rows.PageSize);
    }

    /// <summary>
    /// The counters above the list, over every warning in scope (not one page): current actual warnings per level
    /// (published or received, not expired) and how many await review or sign-off.
    /// </summary>
    public async Task<WarningCounters> CountersAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var now = clock.GetUtcNow();
        var visible = db.Set<Warning>().AsNoTracking().Readable(scope, await tree.GetAsync(ct));
        var active = await visible
            .Where(w => (w.Stage == WarningStage.Published || w.Stage == WarningStage.Received) && w.ExpiresAt > now && w.Status == WarningStatus.Actual)
            .GroupBy(w => w.Level).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var awaiting = await visible.CountAsync(w => w.Stage == WarningStage.InReview || w.Stage == WarningStage.Approved, ct);
        return new WarningCounters(active.ToDictionary(a => a.Key.ToString(), a => a.Count), awaiting);
    }

    public async Task<WarningView?> GetAsync(Guid id, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().AsNoTracking().Visible(scope, await tree.GetAsync(ct)).SingleOrDefaultAsync(w => w.Id == id, ct);
        return warning is null ? null : (await NamedAsync([Of(warning, scope, clock.GetUtcNow())], ct))[0];
    }

    /// <summary>The CAP XML of a message in scope: as received for an imported one, as published for our own; null when there is none.</summary>
    public async Task<string?> CapAsync(Guid id, CapOut.PublicWarnings published, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var row = await db.Set<Warning>().AsNoTracking().Readable(scope, await tree.GetAsync(ct))
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
        var snapshot = await tree.GetAsync(ct);
        var chainId = await db.Set<Warning>().AsNoTracking().Readable(scope, snapshot)
            .Where(w => w.Id == id).Select(w => (Guid?)w.ChainId).SingleOrDefaultAsync(ct);
        if (chainId is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var rows = await db.Set<Warning>().AsNoTracking().Visible(scope, snapshot).Where(w => w.ChainId == chainId).OrderBy(w => w.DraftedAt).ToListAsync(ct);
        return await NamedAsync([.. rows.Select(w => Of(w, scope, now))], ct);
    }

    private static WarningView Of(Warning w, DataScope scope, DateTimeOffset now) =>
        WarningView.Of(w, now) with { ReadOnly = !scope.Contains(w.IssuingJurisdictionId) };

    private async Task<List<WarningView>> NamedAsync(List<WarningView> views, CancellationToken ct)
    {
        var names = await people.ResolveAsync(views.SelectMany(v => v.Logins()), ct);
        return [.. views.Select(v => v.Named(names))];
    }
}

internal static class ListWarningsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/warnings", (ListWarningsHandler h, HttpContext http, WarningStage? stage, WarningStatus? status, WarningOrigin? origin, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(stage, status, p, ct, origin)))
            .WithName("ListWarnings").WithTags("Warnings").WithSummary("Warnings of issuing units in your scope, and those out (published, received, cancelled …) whose areas cover your jurisdiction (readOnly: issued above you), newest first (time drafted, then id); filter by stage, status and origin (Local, Imported); paged");
        api.MapGet("/warnings/{id:guid}", async Task<IResult> (ListWarningsHandler h, Guid id, HttpContext http, CancellationToken ct) =>
            {
                if (await h.GetAsync(id, ct) is not { } warning)
                {
                    return ApiResults.NotFound(WarningErrors.NotFound, "Warning");
                }

                ApiResults.SetETag(http, warning.Version);
                return TypedResults.Ok(warning);
            })
            .WithName("GetWarning").WithTags("Warnings")
            .Produces<WarningView>().AnswersETag(StatusCodes.Status200OK).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("One warning (ETag for If-Match)");
        api.MapGet("/warnings/{id:guid}/chain", async Task<IResult> (ListWarningsHandler h, Guid id, CancellationToken ct) =>
                await h.ChainAsync(id, ct) is { } chain ? TypedResults.Ok(chain) : ApiResults.NotFound(WarningErrors.NotFound, "Warning"))
            .WithName("GetWarningChain").WithTags("Warnings")
            .Produces<List<WarningView>>().ProducesProblems(StatusCodes.Status404NotFound).WithSummary("Every message of a warning's chain, oldest first; complete and unpaged (one chain is a few messages)");
        api.MapGet("/warnings/{id:guid}/cap", async Task<IResult> (ListWarningsHandler h, CapOut.PublicWarnings published, Guid id, CancellationToken ct) =>
                await h.CapAsync(id, published, ct) is { } xml ? TypedResults.Text(xml, "application/cap+xml; charset=utf-8") : ApiResults.NotFound(WarningErrors.NotFound, "Warning"))
            .WithName("GetWarningCap").WithTags("Warnings")
            .Produces<string>(StatusCodes.Status200OK, ApiDocs.CapXml).ProducesProblems(StatusCodes.Status404NotFound).WithSummary("A message's CAP XML: as received (imported) or as published (our own)");
    }
}
