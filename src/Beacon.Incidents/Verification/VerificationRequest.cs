using Beacon.Incidents.Deadlines;

namespace Beacon.Incidents.Verification;

/// <summary>How the lower unit answered a verification request.</summary>
public enum VerificationResult
{
    /// <summary>属实.</summary>
    Confirmed = 1,

    /// <summary>部分属实.</summary>
    PartlyConfirmed = 2,

    /// <summary>不属实.</summary>
    Unfounded = 3,
}

/// <summary>
/// A verification request (核报): an upper level asks a lower unit to verify a clue (media, network, a call).
/// The answer is due by the first-report deadline unless the request says otherwise, and is tracked like a report.
/// </summary>
public sealed class VerificationRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid FromUnitId { get; set; }

    public Guid ToUnitId { get; set; }

    /// <summary>The asked unit's jurisdiction, for scope.</summary>
    public Guid ToJurisdictionId { get; set; }

    public string Clue { get; set; } = "";

    public string? Source { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? AnsweredBy { get; set; }

    public VerificationResult? Result { get; set; }

    public string? AnswerText { get; set; }

    /// <summary>
    /// The incident the clue is about: named by the asking unit, linked by the asked unit (关联事件), or the one the clue
    /// became when the unit turned it into a first report.
    /// </summary>
    public Guid? IncidentId { get; set; }

    /// <summary>When the overdue scan alerted the duty rooms that the answer is overdue (once per request).</summary>
    public DateTimeOffset? AlertedAt { get; set; }

    /// <summary>When the due-soon alert (临期提醒) was raised to the asked unit (once per request).</summary>
    public DateTimeOffset? DueSoonAlertedAt { get; set; }

    public ObligationStatus StatusAt(DateTimeOffset now, TimeSpan dueSoon) =>
        Deadline.Status(DueAt, AnsweredAt, now, dueSoon);
}
