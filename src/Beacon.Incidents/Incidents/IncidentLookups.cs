using Beacon.Incidents.Classification;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Incidents;

/// <summary>A unit a page may pick, e.g. the duty room a phone report went to.</summary>
public sealed record UnitChoice(Guid Id, string Name);

/// <summary>A duty room above the caller (上级值班室): the one to call and to report to.</summary>
public sealed record DutyRoomAbove(Guid Id, string Name, Guid JurisdictionId, string JurisdictionCode, string JurisdictionName, JurisdictionLevel Level, string? DutyPhone);

/// <summary>
/// A duty room's counters (接报 / 上报 / 在办 / 完结): received, reported up and closed since a moment; being followed
/// is every open incident in scope. Then the instructions its unit has still to carry out (待落实) and those in scope
/// past their supervision deadline (督办超时).
/// </summary>
public sealed record DutyCounters(int Received, int ReportedUp, int Following, int Closed, int AwaitingFeedback, int SupervisedOverdue);

/// <summary>Reference data the reporting pages pick from: the event classification tree and the duty rooms above a unit.</summary>
public sealed class IncidentLookups(BeaconDbFactory dbs, JurisdictionTree tree, ScopeService scopes, TimeProvider clock)
{
    /// <summary>Active classes and types, in their configured order.</summary>
    public async Task<List<EventType>> EventTypesAsync(CancellationToken ct)
    {
        await using var db = dbs.CreateDbContext();
        return await db.Set<EventType>().AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.SortOrder).ThenBy(t => t.Code).ToListAsync(ct);
    }

    /// <summary>The duty rooms of the jurisdictions above <paramref name="jurisdictionId"/>, nearest first (the prefecture, then the region).</summary>
    public async Task<List<UnitChoice>> DutyRoomsAboveAsync(Guid? jurisdictionId, CancellationToken ct) =>
        [.. (await DutyRoomsAboveDetailedAsync(jurisdictionId, ct)).Select(r => new UnitChoice(r.Id, r.Name))];

    /// <summary>The duty rooms above, with their jurisdiction, level and phones (<c>GET /api/v1/duty-rooms/above</c>).</summary>
    public async Task<List<DutyRoomAbove>> DutyRoomsAboveDetailedAsync(Guid? jurisdictionId, CancellationToken ct)
    {
        if (jurisdictionId is null)
        {
            return [];
        }

        var snapshot = await tree.GetAsync(ct);
        var above = new List<JurisdictionTree.Node>();
        for (var node = snapshot.Find(jurisdictionId.Value); node?.ParentId is { } parent && snapshot.Find(parent) is { } up; node = up)
        {
            above.Add(up);
        }

        var ids = above.Select(n => n.Id).ToList();
        await using var db = dbs.CreateDbContext();
        var rooms = await db.Units.AsNoTracking()
            .Where(u => ids.Contains(u.JurisdictionId) && u.Kind == UnitKind.DutyRoom && !u.IsRetired)
            .Select(u => new { u.Id, u.Name, u.JurisdictionId, u.DutyPhone }).ToListAsync(ct);
        return rooms.OrderBy(r => ids.IndexOf(r.JurisdictionId)).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r =>
            {
                var j = above[ids.IndexOf(r.JurisdictionId)];
                return new DutyRoomAbove(r.Id, r.Name, r.JurisdictionId, j.Code, j.Name, j.Level, r.DutyPhone);
            }).ToList();
    }

    /// <summary>
    /// The units a phone report (电话报告) of <paramref name="jurisdictionId"/> may go to: the duty rooms above it in
    /// its chain, nearest first, then the active units an active reporting rule names.
    /// </summary>
    public async Task<List<UnitChoice>> PhoneTargetsAsync(Guid? jurisdictionId, CancellationToken ct)
    {
        var rooms = await DutyRoomsAboveAsync(jurisdictionId, ct);
        if (jurisdictionId is null)
        {
            return rooms;
        }

        await using var db = dbs.CreateDbContext();
        var named = await db.Set<Deadlines.ReportingRule>().AsNoTracking().Where(r => r.IsActive && r.ReportToUnitId != null)
            .Select(r => r.ReportToUnitId!.Value).Distinct().ToListAsync(ct);
        var units = await db.Units.AsNoTracking().Where(u => named.Contains(u.Id) && !u.IsRetired && u.JurisdictionId != jurisdictionId)
            .OrderBy(u => u.Name).Select(u => new UnitChoice(u.Id, u.Name)).ToListAsync(ct);
        return [.. rooms, .. units.Where(u => rooms.All(r => r.Id != u.Id))];
    }

    /// <summary>The active units in the caller's scope other than its own, which it may hand items to (转办), by jurisdiction code.</summary>
    public async Task<List<UnitChoice>> UnitsBelowAsync(CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var own = scopes.Actor.UnitId;
        await using var db = dbs.CreateDbContext();
        return await db.Units.AsNoTracking().InScope(scope, u => u.JurisdictionId).Where(u => !u.IsRetired && u.Id != own)
            .OrderBy(u => u.Jurisdiction!.Code).ThenBy(u => u.Kind).ThenBy(u => u.Name)
            .Select(u => new UnitChoice(u.Id, u.Name)).ToListAsync(ct);
    }

    /// <summary>
    /// Since <paramref name="since"/>: incidents received by the caller's duty room (sent to it, or first reported by
    /// it), submissions it sent up, and incidents in scope closed by a final report.
    /// </summary>
    public async Task<DutyCounters> CountersAsync(DateTimeOffset since, CancellationToken ct)
    {
        var unitId = scopes.Actor.UnitId;
        var scope = await scopes.GetAsync(ct);
        await using var db = dbs.CreateDbContext();
        // Drill injects (演练) are left out of every counter.
        var drills = db.Set<Incident>().Where(i => i.IsDrill).Select(i => i.Id);
        var sentTo = await db.Set<Escalation.Submission>().AsNoTracking()
            .Where(s => s.ToUnitId == unitId && s.SubmittedAt >= since && !drills.Contains(s.IncidentId)).Select(s => s.IncidentId).ToListAsync(ct);
        var own = await db.Set<Incident>().AsNoTracking()
            .Where(i => i.OriginUnitId == unitId && i.CreatedAt >= since && !i.IsDrill).Select(i => i.Id).ToListAsync(ct);
        var up = await db.Set<Escalation.Submission>().AsNoTracking()
            .CountAsync(s => s.FromUnitId == unitId && s.SubmittedAt >= since && !s.IsNotification && !drills.Contains(s.IncidentId), ct);
        var inScope = db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId).Where(i => !i.IsDrill);
        var closed = await inScope.CountAsync(i => i.ClosedAt >= since, ct);
        var following = await inScope.CountAsync(i => i.Status == IncidentStatus.Open, ct);
        var awaiting = await db.Set<Instructions.InstructionAssignment>().AsNoTracking()
            .CountAsync(a => a.ToUnitId == unitId && a.DoneAt == null && !drills.Contains(a.IncidentId), ct);
        var now = clock.GetUtcNow();
        var overdue = await Instructions.ListInstructions.ListInstructionsHandler.Visible(db, scope)
            .CountAsync(i => i.Status == Instructions.InstructionStatus.InProgress && i.DueAt < now && !drills.Contains(i.IncidentId), ct);
        return new DutyCounters(sentTo.Concat(own).Distinct().Count(), up, following, closed, awaiting, overdue);
    }
}
