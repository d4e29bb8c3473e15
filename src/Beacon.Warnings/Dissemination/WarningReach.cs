using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Beacon.Warnings.Warnings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Warnings.Dissemination;

/// <summary>
/// How many recipients a warning's areas select (预计接收), per channel: what the person signing off sees before
/// the warning goes out, so a warning whose area selects nobody is noticed. Recipients an earlier message of the
/// chain reached are counted only when the areas select them too (they get the change anyway).
/// </summary>
/// <remarks><see cref="SmsText"/> is the SMS as it will go out, <see cref="SmsParts"/> the messages it takes (70 characters in one).</remarks>
public sealed record WarningReach(Guid WarningId, int Recipients, int Sms, int Email, int Webhook, bool ByShape, string SmsText = "", int SmsParts = 1);

public sealed class WarningReachHandler(BeaconDbFactory dbs, ScopeService scopes, Microsoft.Extensions.Options.IOptions<WarningsOptions> options)
{
    public async Task<WarningReach?> GetAsync(Guid warningId, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var warning = await db.Set<Warning>().AsNoTracking().Include(w => w.Areas).InScope(scope, w => w.IssuingJurisdictionId)
            .SingleOrDefaultAsync(w => w.Id == warningId, ct);
        if (warning is null)
        {
            return null;
        }

        var shapes = Targeting.Shapes(warning.Areas);
        var targets = await Targeting.ByCodeAsync(db, Targeting.Prefixes(warning.Areas), ct);
        if (!shapes.IsEmpty)
        {
            targets = [.. targets.Concat(await Targeting.InsideAsync(db, shapes, ct)).DistinctBy(t => t.Id)];
        }

        var sms = Dispatcher.SmsText(warning, options.Value.Dissemination.SmsMaxLength);
        return new WarningReach(warning.Id, targets.Count, targets.Count(t => t.Sms), targets.Count(t => t.Email), targets.Count(t => t.Webhook), !shapes.IsEmpty,
            sms, Dispatcher.SmsParts(sms));
    }
}

internal static class WarningReachEndpoints
{
    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/warnings/{id:guid}/reach", async Task<IResult> (WarningReachHandler h, Guid id, CancellationToken ct) =>
                await h.GetAsync(id, ct) is { } reach ? TypedResults.Ok(reach) : ApiResults.NotFound(WarningErrors.NotFound, "Warning"))
            .WithName("WarningReach").WithTags("Dissemination")
            .Produces<WarningReach>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("How many active recipients a warning's areas select, per channel (division codes, polygons and circles)");
}
