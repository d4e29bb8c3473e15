using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Data;
using Beacon.Platform.Jurisdictions;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Incidents.Deadlines;

/// <summary>Loads what <see cref="ObligationPlanner"/> needs for one incident and adds the obligations it creates to the context.</summary>
internal static class ObligationSync
{
    /// <summary>Returns all the incident's obligations after reconciling; new ones are added to <paramref name="db"/> (saved by the caller).</summary>
    public static async Task<List<ReportingObligation>> ReconcileAsync(
        BeaconDb db, JurisdictionTree tree, ReportingReferenceData reference, Incident incident, DateTimeOffset clockStart,
        IncidentReport? newReport, PhoneReport? newPhone, CancellationToken ct)
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

        var before = obligations.Count;
        var type = await db.Set<Classification.EventType>().AsNoTracking().SingleAsync(t => t.Code == incident.EventTypeCode, ct);
        var rules = await reference.ActiveRulesAsync(ct);
        var tier = (await tree.GetAsync(ct)).Find(incident.OriginJurisdictionId)?.Level ?? JurisdictionLevel.County;
        ObligationPlanner.Reconcile(incident, type.Class, tier, rules, reports, phones, obligations, clockStart);
        db.AddRange(obligations.Skip(before));
        return obligations;
    }
}
