using System.ComponentModel.DataAnnotations;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Escalation;
using Beacon.Incidents.Incidents;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Incidents.Duty;

/// <summary>An entry of the duty log (值班日志): what the duty room did or noted, in its own words.</summary>
public sealed class DutyLogEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = "";

    public string Text { get; set; } = "";

    /// <summary>True for a shift handover (交接班) entry.</summary>
    public bool IsHandover { get; set; }
}

public sealed record DutyLogRequest([property: Required, StringLength(4000, MinimumLength = 2)] string Text, bool IsHandover);

public sealed record DutyLogView(Guid Id, DateTimeOffset At, string By, string Text, bool IsHandover);

/// <summary>
/// What the outgoing shift hands over: open incidents, reports awaiting signature, unmet obligations, instructions the
/// unit has still to carry out, and the log since the last handover.
/// </summary>
public sealed record Handover(
    IReadOnlyList<string> OpenIncidents, IReadOnlyList<string> AwaitingSignature, IReadOnlyList<ObligationView> UnmetObligations,
    IReadOnlyList<string> InstructionsAwaitingFeedback, IReadOnlyList<DutyLogView> LogSinceLastHandover);

/// <summary>The duty log of the caller's duty room and the handover summary (交接班).</summary>
public sealed class DutyLogHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, IOptions<IncidentsOptions> options)
{
    public async Task<IResult> AddAsync(DutyLogRequest r, CancellationToken ct)
    {
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unit || actor.JurisdictionId is not { } jurisdiction)
        {
            return ApiResults.Forbidden("Only a unit keeps a duty log.");
        }

        await using var db = dbs.CreateDbContext();
        var entry = new DutyLogEntry { UnitId = unit, JurisdictionId = jurisdiction, At = clock.GetUtcNow(), By = actor.UserName, Text = r.Text.Trim(), IsHandover = r.IsHandover };
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/duty/log/{entry.Id}", new DutyLogView(entry.Id, entry.At, entry.By, entry.Text, entry.IsHandover));
    }

    public async Task<List<DutyLogView>> ListAsync(CancellationToken ct)
    {
        var unit = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        return await db.Set<DutyLogEntry>().AsNoTracking().Where(e => e.UnitId == unit).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(200)
            .Select(e => new DutyLogView(e.Id, e.At, e.By, e.Text, e.IsHandover)).ToListAsync(ct);
    }

    public async Task<Handover> HandoverAsync(CancellationToken ct)
    {
        var actor = scopes.Actor;
        var scope = await scopes.GetAsync(ct);
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var open = await db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId).Where(i => i.Status == IncidentStatus.Open)
            .OrderByDescending(i => i.LearnedAt).Take(100).Select(i => i.Number + " " + i.Title).ToListAsync(ct);
        var awaiting = await db.Set<Submission>().AsNoTracking().Where(s => s.ToUnitId == actor.UnitId && s.SignedAt == null)
            .Join(db.Set<Incident>(), s => s.IncidentId, i => i.Id, (s, i) => i.Number + " " + i.Title).ToListAsync(ct);
        var unmet = (await db.Set<ReportingObligation>().AsNoTracking().InScope(scope, o => o.JurisdictionId)
                .Where(o => o.MetAt == null && o.CancelledAt == null).OrderBy(o => o.DueAt).Take(200).ToListAsync(ct))
            .Select(o => ObligationView.Of(o, now, options.Value.DueSoon)).ToList();
        var lastHandover = await db.Set<DutyLogEntry>().Where(e => e.UnitId == actor.UnitId && e.IsHandover)
            .OrderByDescending(e => e.At).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct);
        var log = await db.Set<DutyLogEntry>().AsNoTracking().Where(e => e.UnitId == actor.UnitId && (lastHandover == null || e.At >= lastHandover))
            .OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new DutyLogView(e.Id, e.At, e.By, e.Text, e.IsHandover)).ToListAsync(ct);
        var instructions = await db.Set<Instructions.InstructionAssignment>().AsNoTracking().Where(a => a.ToUnitId == actor.UnitId && a.DoneAt == null)
            .Join(db.Set<Instructions.Instruction>(), a => a.InstructionId, i => i.Id, (a, i) => new { i.IncidentId, i.Text, i.DueAt })
            .Join(db.Set<Incident>(), x => x.IncidentId, i => i.Id, (x, i) => new { i.Number, x.Text, x.DueAt })
            .OrderBy(x => x.DueAt).Take(100).ToListAsync(ct);
        return new Handover(open, awaiting, unmet, instructions.Select(x => x.Number + " " + x.Text).ToList(), log);
    }
}

internal static class DutyLogEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        api.MapGet("/duty/log", async (DutyLogHandler h, CancellationToken ct) => TypedResults.Ok(await h.ListAsync(ct)))
            .WithName("DutyLog").WithTags("Duty").WithSummary("The duty log (值班日志) of the caller's duty room, newest first");
        reporters.MapPost("/duty/log", (DutyLogHandler h, DutyLogRequest r, CancellationToken ct) => h.AddAsync(r, ct))
            .WithName("AddDutyLogEntry").WithTags("Duty").Produces<DutyLogView>(StatusCodes.Status201Created);
        api.MapGet("/duty/handover", async (DutyLogHandler h, CancellationToken ct) => TypedResults.Ok(await h.HandoverAsync(ct)))
            .WithName("Handover").WithTags("Duty").WithSummary("What the outgoing shift hands over (交接班): open items, reports to sign, unmet deadlines, the log");
    }
}
