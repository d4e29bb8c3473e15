using Beacon.Incidents.Escalation;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Beacon.Platform.Units;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Deadlines;

/// <summary>Loads what <see cref="ObligationPlanner"/> needs for one incident and adds the obligations it creates to the context.</summary>
internal static class ObligationSync
{
    /// <summary>Returns all the incident's obligations after reconciling; new ones are added to <paramref name="db"/> (saved by the caller).</summary>
    public static async Task<List<ReportingObligation>> ReconcileAsync(
        BeaconDb db, JurisdictionTree tree, DutyRooms dutyRooms, ReportingReferenceData reference, Incident incident, DateTimeOffset clockStart,
        IncidentReport? newReport, PhoneReport? newPhone, CancellationToken ct, IReadOnlyList<Submission>? newSubmissions = null)
    {
        var reports = await db.Set<IncidentReport>().AsNoTracking().Where(x => x.IncidentId == incident.Id).ToListAsync(ct);
        if (newReport is not null)
        {
            reports.Add(newReport);
        }

        var phones = await db.Set<PhoneReport>().AsNoTracking().Where(x => x.IncidentId == incident.Id).ToListAsync(ct);
        if (newPhone is not null)
        {
            phones.Add(newPhone);
        }

        var obligations = await db.Set<ReportingObligation>().Where(o => o.IncidentId == incident.Id).ToListAsync(ct);
        if (incident.IsDrill)
        {
            // A drill's reports are timed on the drill's own sheet; they never start real reporting clocks.
            return obligations;
        }

        var submissions = await db.Set<Submission>().AsNoTracking().Where(s => s.IncidentId == incident.Id).ToListAsync(ct);
        submissions.AddRange(newSubmissions ?? []);
        var before = obligations.Count;
        var type = await db.Set<Classification.EventType>().AsNoTracking().SingleAsync(t => t.Code == incident.EventTypeCode, ct);
        var rules = await reference.ActiveRulesAsync(ct);
        var tier = (await tree.GetAsync(ct)).Find(incident.OriginJurisdictionId)?.Level ?? JurisdictionLevel.County;
        var targets = await TargetsAsync(tree, dutyRooms, incident.OriginJurisdictionId, submissions, ct);
        ObligationPlanner.Reconcile(incident, type.Class, tier, rules, reports, phones, obligations, clockStart, targets);
        db.AddRange(obligations.Skip(before));
        return obligations;
    }

    /// <summary>
    /// The unit each rule makes owed for an incident of <paramref name="originJurisdictionId"/>: the unit the rule
    /// names, or the duty room of the jurisdiction above at the rule's level (the top when it names none).
    /// </summary>
    public static async Task<ObligationTargets> TargetsAsync(
        JurisdictionTree tree, DutyRooms dutyRooms, Guid originJurisdictionId, IReadOnlyList<Submission> submissions, CancellationToken ct)
    {
        var snapshot = await tree.GetAsync(ct);
        var chain = new List<JurisdictionTree.Node>();
        for (var node = snapshot.Find(originJurisdictionId); node is not null; node = node.ParentId is { } parent ? snapshot.Find(parent) : null)
        {
            chain.Add(node);
        }

        var above = chain.Skip(1).ToList();
        var rooms = await dutyRooms.OfAsync(above.Select(n => n.Id), ct);
        return new ObligationTargets(
            chain.Select(n => n.Id).ToHashSet(),
            above.Select(n => n.Level).ToHashSet(),
            rule =>
            {
                if (rule.ReportToUnitId is { } named)
                {
                    return named;
                }

                var owed = rule.ReportToLevel is { } level ? above.FirstOrDefault(n => n.Level == level) : above.LastOrDefault();
                return owed is not null && rooms.TryGetValue(owed.Id, out var room) ? room : null;
            },
            submissions);
    }
}
