using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beacon.Plans.Drills.ListDrills;

/// <summary>Reads drills and their timing sheets, with the double-blind rule of <see cref="DrillReader"/>.</summary>
public sealed class ListDrillsHandler(BeaconDbFactory dbs, DrillReader reader)
{
    /// <summary>One page, latest start first, then id.</summary>
    public async Task<Paged<DrillView>> PageAsync(PageRequest page, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var drills = await reader.VisibleAsync(db, null, ct);
        return new Paged<DrillView>(await reader.ViewsAsync(db, drills.Skip(page.Skip).Take(page.PageSize).ToList(), ct), drills.Count, page.Page, page.PageSize);
    }

    public async Task<DrillView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var drill = (await reader.VisibleAsync(db, q => q.Where(d => d.Id == id), ct)).SingleOrDefault();
        return drill is null ? null : (await reader.ViewsAsync(db, [drill], ct)).Single();
    }

    public async Task<TimingSheet?> TimingAsync(Guid id, CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        var drill = (await reader.VisibleAsync(db, q => q.Where(d => d.Id == id), ct)).SingleOrDefault();
        return drill is null ? null : await reader.TimingAsync(db, drill, ct);
    }
}

internal static class ListDrillsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/drills", (ListDrillsHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.PageAsync(p, ct)))
            .WithName("ListDrills").WithTags("Drills")
            .WithSummary("Drills visible to the caller, latest start first, then id; paged. Participants of a double-blind drill do not see it until its injects have arrived");
        api.MapGet("/drills/{id:guid}", async (ListDrillsHandler h, Guid id, CancellationToken ct) =>
                await h.FindAsync(id, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill"))
            .WithName("GetDrill").WithTags("Drills")
            .Produces<DrillView>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("One drill with its scenario and injects (404 for a double-blind participant before the injects arrive)");
        api.MapGet("/drills/{id:guid}/timing", async (ListDrillsHandler h, Guid id, CancellationToken ct) =>
                await h.TimingAsync(id, ct) is { } sheet ? Results.Ok(sheet) : ApiResults.NotFound(PlansErrors.DrillNotFound, "Drill"))
            .WithName("DrillTiming").WithTags("Drills")
            .Produces<TimingSheet>().ProducesProblems(StatusCodes.Status404NotFound)
            .WithSummary("The drill's timing sheet (计时表): per inject and participant, delivery, signing, first report, plan activation and first instruction, against the drill's deadlines");
    }
}
