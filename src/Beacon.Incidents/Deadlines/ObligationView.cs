using Beacon.Incidents.Reporting;

namespace Beacon.Incidents.Deadlines;

/// <summary>An obligation as a duty officer sees it: what is owed, to whom, by when, and where it stands now.</summary>
public sealed record ObligationView(
    Guid Id, Guid IncidentId, ReportChannel Channel, ReportKind Kind, int Sequence, string RuleName, string ReportTo,
    DateTimeOffset StartsAt, DateTimeOffset DueAt, DateTimeOffset? MetAt, ObligationStatus Status)
{
    public static ObligationView Of(ReportingObligation o, DateTimeOffset now, TimeSpan dueSoon) =>
        new(o.Id, o.IncidentId, o.Channel, o.Kind, o.Sequence, o.RuleName, o.ReportTo, o.StartsAt, o.DueAt, o.MetAt, o.StatusAt(now, dueSoon));
}
