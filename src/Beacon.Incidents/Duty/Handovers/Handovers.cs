using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Accounts;
using Beacon.Platform.Data;
using Beacon.Platform.Http;
using Beacon.Platform.Permissions;
using Beacon.Platform.Scope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Duty.Handovers;

/// <summary>
/// A shift handover (交接班) as it was made: what the outgoing shift handed over (open incidents, pending items, its
/// notes), frozen at that moment, and the incoming shift's acknowledgement (接班确认).
/// </summary>
public sealed class HandoverRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UnitId { get; set; }

    public Guid JurisdictionId { get; set; }

    public DateTimeOffset HandedOverAt { get; set; }

    public string HandedOverBy { get; set; } = "";

    public string? Notes { get; set; }

    /// <summary>The open incidents handed over, one a line (number and title).</summary>
    public string OpenIncidents { get; set; } = "";

    /// <summary>The pending items handed over, one a line: reports to sign, unmet deadlines, instructions to carry out.</summary>
    public string PendingItems { get; set; } = "";

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgementNote { get; set; }
}

public sealed record HandOverRequest([property: StringLength(2000)] string? Notes);

public sealed record AcknowledgeHandoverRequest([property: StringLength(500)] string? Note);

public sealed record HandoverView(
    Guid Id, DateTimeOffset HandedOverAt, string HandedOverBy, string? Notes, IReadOnlyList<string> OpenIncidents, IReadOnlyList<string> PendingItems,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgementNote)
{
    /// <summary>Who handed over: display name（unit）.</summary>
    public string? HandedOverByName { get; init; }

    /// <summary>Who acknowledged: display name（unit）.</summary>
    public string? AcknowledgedByName { get; init; }

    internal static HandoverView Of(HandoverRecord h) => new(
        h.Id, h.HandedOverAt, h.HandedOverBy, h.Notes, Lines(h.OpenIncidents), Lines(h.PendingItems), h.AcknowledgedAt, h.AcknowledgedBy, h.AcknowledgementNote);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// The outgoing shift hands over (交班) what is open, frozen as it stands, with its notes; someone else of the same
/// duty room, the incoming shift, acknowledges it (接班确认). Both are written to the duty log.
/// </summary>
public sealed class HandoversHandler(BeaconDbFactory dbs, ScopeService scopes, TimeProvider clock, DutyLogHandler log, People people)
{
    public async Task<IResult> HandOverAsync(HandOverRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.WriteDutyLog, ct: ct);
        var actor = scopes.Actor;
        if (actor.UnitId is not { } unit || actor.JurisdictionId is not { } jurisdiction)
        {
            return ApiResults.Forbidden(IncidentErrors.DutyLogNoUnit, "Only a unit hands over a shift.");
        }

        var state = await log.HandoverAsync(ct);
        var pending = state.AwaitingSignature.Select(x => "待签收 " + x)
            .Concat(state.UnmetObligations.Select(o => $"报告时限 {o.RuleName} {o.Channel} {o.DueAt:yyyy-MM-dd HH:mm}Z"))
            .Concat(state.InstructionsAwaitingFeedback.Select(x => "待落实 " + x));
        var now = clock.GetUtcNow();
        await using var db = dbs.CreateDbContext();
        var record = new HandoverRecord
        {
            UnitId = unit,
            JurisdictionId = jurisdiction,
            HandedOverAt = now,
            HandedOverBy = actor.UserName,
            Notes = string.IsNullOrWhiteSpace(r.Notes) ? null : r.Notes.Trim(),
            OpenIncidents = string.Join('\n', state.OpenIncidents.Select(OneLine)),
            PendingItems = string.Join('\n', pending.Select(OneLine)),
        };
        db.Add(record);
        db.Add(new DutyLogEntry { UnitId = unit, JurisdictionId = jurisdiction, At = now, By = actor.UserName, Text = record.Notes ?? "交班", IsHandover = true });
        db.Audit("duty.handed-over", nameof(HandoverRecord), record.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/duty/handovers/{record.Id}", await NamedAsync(record, ct));
    }

    public async Task<IResult> AcknowledgeAsync(Guid id, AcknowledgeHandoverRequest r, CancellationToken ct)
    {
        await scopes.DemandAsync(IncidentPermissions.WriteDutyLog, id, ct);
        var actor = scopes.Actor;
        await using var db = dbs.CreateDbContext();
        var record = await db.Set<HandoverRecord>().SingleOrDefaultAsync(h => h.Id == id && h.UnitId == actor.UnitId, ct);
        if (record is null)
        {
            return ApiResults.NotFound(IncidentErrors.HandoverNotFound, "Handover");
        }

        if (record.AcknowledgedAt is not null)
        {
            return ApiResults.Conflict(IncidentErrors.HandoverAcknowledged, "This handover is already acknowledged.");
        }

        if (string.Equals(record.HandedOverBy, actor.UserName, StringComparison.Ordinal))
        {
            return ApiResults.Conflict(IncidentErrors.HandoverSelf, "The incoming shift acknowledges a handover, not the one who made it.");
        }

        var now = clock.GetUtcNow();
        record.AcknowledgedAt = now;
        record.AcknowledgedBy = actor.UserName;
        record.AcknowledgementNote = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
        db.Add(new DutyLogEntry
        {
            UnitId = record.UnitId,
            JurisdictionId = record.JurisdictionId,
            At = now,
            By = actor.UserName,
            Text = "接班确认" + (record.AcknowledgementNote is { } note ? "：" + note : ""),
        });
        db.Audit("duty.handover-acknowledged", nameof(HandoverRecord), record.Id.ToString());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await NamedAsync(record, ct));
    }

    /// <summary>One page of the handovers in scope, newest first, then by id.</summary>
    public async Task<Paged<HandoverView>> ListAsync(PageRequest page, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<HandoverRecord>().AsNoTracking().InScope(scope, h => h.JurisdictionId)
            .OrderByDescending(h => h.HandedOverAt).ThenByDescending(h => h.Id).ToPagedAsync(page, ct);
        var names = await people.ResolveAsync(rows.Items.SelectMany(h => new[] { h.HandedOverBy, h.AcknowledgedBy }), ct);
        return rows.Select(h => HandoverView.Of(h) with { HandedOverByName = names[h.HandedOverBy], AcknowledgedByName = names[h.AcknowledgedBy] });
    }

    /// <summary>The caller's own duty room's recent handovers, newest first (the roster page).</summary>
    public async Task<List<HandoverView>> RecentAsync(int count, CancellationToken ct)
    {
        var unit = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        var rows = await db.Set<HandoverRecord>().AsNoTracking().Where(h => h.UnitId == unit)
            .OrderByDescending(h => h.HandedOverAt).ThenByDescending(h => h.Id).Take(count).ToListAsync(ct);
        var names = await people.ResolveAsync(rows.SelectMany(h => new[] { h.HandedOverBy, h.AcknowledgedBy }), ct);
        return [.. rows.Select(h => HandoverView.Of(h) with { HandedOverByName = names[h.HandedOverBy], AcknowledgedByName = names[h.AcknowledgedBy] })];
    }

    private async Task<HandoverView> NamedAsync(HandoverRecord h, CancellationToken ct)
    {
        var names = await people.ResolveAsync([h.HandedOverBy, h.AcknowledgedBy], ct);
        return HandoverView.Of(h) with { HandedOverByName = names[h.HandedOverBy], AcknowledgedByName = names[h.AcknowledgedBy] };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

internal static class HandoversEndpoints
{
    public static void Map(RouteGroupBuilder api, RouteGroupBuilder reporters)
    {
        api.MapGet("/duty/handovers", (HandoversHandler h, HttpContext http, int? page, int? pageSize, CancellationToken ct) =>
                Paging.AnswerAsync(http, page, pageSize, p => h.ListAsync(p, ct)))
            .WithName("ListHandovers").WithTags("Duty").WithSummary("Shift handovers (交接班) in scope with their acknowledgement, newest first, then id; paged");
        reporters.MapPost("/duty/handovers", (HandoversHandler h, HandOverRequest r, CancellationToken ct) => h.HandOverAsync(r, ct))
            .RequirePermission(IncidentPermissions.WriteDutyLog)
            .WithName("HandOver").WithTags("Duty").Produces<HandoverView>(StatusCodes.Status201Created)
            .WithSummary("The outgoing shift hands over (交班): open incidents and pending items frozen as they stand, with its notes");
        reporters.MapPost("/duty/handovers/{id:guid}/acknowledge", (HandoversHandler h, Guid id, AcknowledgeHandoverRequest r, CancellationToken ct) => h.AcknowledgeAsync(id, r, ct))
            .RequirePermission(IncidentPermissions.WriteDutyLog)
            .WithName("AcknowledgeHandover").WithTags("Duty").Produces<HandoverView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)
            .WithSummary("The incoming shift acknowledges a handover of its duty room (接班确认); not the one who made it, once");
    }
}
