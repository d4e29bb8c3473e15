using Beacon.Incidents.DutyBoard;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Scope;
using Beacon.Platform.Time;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Contracts;

/// <summary>The incidents module's side of <see cref="IDrillInjects"/>: drill incidents (演练) on the real duty boards.</summary>
internal sealed class DrillInjects(BeaconDbFactory dbs, ScopeService scopes, JurisdictionTree tree, BeijingTime beijing, TimeProvider clock, IncidentEvents events)
    : IDrillInjects
{
    public const string TitlePrefix = "【演练】";

    public async Task<Guid> DeliverAsync(DrillInjectDelivery inject, CancellationToken ct)
    {
        await using var db = dbs.CreateForSystem();
        var to = await db.Units.AsNoTracking().SingleAsync(u => u.Id == inject.ToUnitId, ct);
        var code = (await tree.GetAsync(ct)).Find(to.JurisdictionId)?.Code ?? "000000";
        var now = clock.GetUtcNow();
        // Drill incidents count from their own counter (…-D0001), so real numbers keep no gaps.
        var prefix = $"{code}-{beijing.ToLocal(now).Year}-D";
        var incident = new Incident
        {
            OriginUnitId = to.Id,
            OriginJurisdictionId = to.JurisdictionId,
            LocationJurisdictionId = to.JurisdictionId,
            Title = TitlePrefix + inject.Title.Trim(),
            EventTypeCode = inject.EventTypeCode,
            Severity = Severity.NotAssessed,
            OccurredAt = now,
            LearnedAt = now,
            Source = InformationSource.Department,
            Narrative = TitlePrefix + inject.Narrative.Trim(),
            ReportCount = 1,
            CreatedAt = now,
            IsDrill = true,
        };
        db.Add(incident);
        db.Add(new IncidentReport
        {
            IncidentId = incident.Id,
            Kind = ReportKind.First,
            Sequence = 1,
            UnitId = inject.FromUnitId,
            SubmittedBy = "system",
            SubmittedAt = now,
            Severity = Severity.NotAssessed,
            Casualties = Casualties.None,
            Narrative = incident.Narrative,
            Signer = "演练导调",
        });
        db.Add(new Escalation.Submission
        {
            IncidentId = incident.Id,
            FromUnitId = inject.FromUnitId,
            ToUnitId = to.Id,
            ToJurisdictionId = to.JurisdictionId,
            SubmittedAt = now,
            SubmittedBy = "system",
        });
        IncidentNumbers.Take(db, prefix, number => incident.Number = number);
        await db.SaveChangesAsync(ct);
        events.Publish(new IncidentEvent(IncidentEventKind.DrillInjected, incident.Id, incident.Number, incident.Title, incident.OriginJurisdictionId, [to.Id], now, IsDrill: true));
        return incident.Id;
    }

    public async Task<IReadOnlyList<DrillResponseTimes>> ResponseTimesAsync(IReadOnlyCollection<Guid> incidentIds, CancellationToken ct)
    {
        var scope = await scopes.GetAsync(ct);
        var ids = incidentIds.ToList();
        await using var db = dbs.CreateDbContext();
        var incidents = await db.Set<Incident>().AsNoTracking().InScope(scope, i => i.OriginJurisdictionId)
            .Where(i => ids.Contains(i.Id) && i.IsDrill).Select(i => new { i.Id, i.Number, i.OriginUnitId }).ToListAsync(ct);
        var found = incidents.Select(i => i.Id).ToList();
        var signed = await db.Set<Escalation.Submission>().AsNoTracking().Where(s => found.Contains(s.IncidentId) && s.SignedAt != null)
            .Select(s => new { s.IncidentId, s.ToUnitId, s.SignedAt, s.SignedBy }).ToListAsync(ct);
        var reports = await db.Set<IncidentReport>().AsNoTracking().Where(r => found.Contains(r.IncidentId) && r.Sequence > 1)
            .Select(r => new { r.IncidentId, r.SubmittedAt, r.SubmittedBy }).ToListAsync(ct);
        var instructions = await db.Set<Instructions.Instruction>().AsNoTracking().Where(i => found.Contains(i.IncidentId))
            .Select(i => new { i.IncidentId, i.IssuedAt }).ToListAsync(ct);
        return [.. incidents.Select(i =>
        {
            var sign = signed.Where(s => s.IncidentId == i.Id && s.ToUnitId == i.OriginUnitId).OrderBy(s => s.SignedAt).FirstOrDefault();
            var report = reports.Where(r => r.IncidentId == i.Id).OrderBy(r => r.SubmittedAt).FirstOrDefault();
            var instruction = instructions.Where(x => x.IncidentId == i.Id).OrderBy(x => x.IssuedAt).FirstOrDefault();
            return new DrillResponseTimes(i.Id, i.Number, sign?.SignedAt, sign?.SignedBy, report?.SubmittedAt, report?.SubmittedBy, instruction?.IssuedAt);
        })];
    }
}
