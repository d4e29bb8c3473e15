using Beacon.Incidents.Reporting;

namespace Beacon.Incidents.Deadlines;

/// <summary>An obligation as a duty officer sees it: what is owed, to whom, by when, and where it stands now.</summary>
public sealed record ObligationView(
    Guid Id, Guid IncidentId, ReportChannel Channel, ReportKind Kind, int Sequence, string RuleName, string ReportTo,
    DateTimeOffset StartsAt, DateTimeOffset DueAt, DateTimeOffset? MetAt, ObligationStatus Status)
{
    /// <summary>The unit owed the report; null when it is outside this system.</summary>
    public Guid? OwedUnitId { get; init; }

    /// <summary>Written reports: when the report was filed (报出); <see cref="MetAt"/> is when the unit owed received it.</summary>
    public DateTimeOffset? FiledAt { get; init; }

    /// <summary>Why it is met or not (<see cref="ObligationReasons"/>).</summary>
    public string Reason { get; init; } = ObligationReasons.Open;

    public static ObligationView Of(ReportingObligation o, DateTimeOffset now, TimeSpan dueSoon) =>
        new(o.Id, o.IncidentId, o.Channel, o.Kind, o.Sequence, o.RuleName, o.ReportTo, o.StartsAt, o.DueAt, o.MetAt, o.StatusAt(now, dueSoon))
        {
            OwedUnitId = o.OwedUnitId,
            FiledAt = o.FiledAt,
            Reason = o.CancelledAt is not null ? ObligationReasons.Cancelled : ReasonOf(o),
        };

    /// <summary>Obligations stored before reasons were recorded have none: met ones read as met then, the others as open.</summary>
    private static string ReasonOf(ReportingObligation o) => o.Reason switch
    {
        { Length: > 0 } reason => reason,
        _ when o.MetAt is null => ObligationReasons.Open,
        _ => o.Channel == ReportChannel.Phone ? ObligationReasons.CalledAbove : ObligationReasons.Filed,
    };
}
