using Beacon.Incidents.Incidents;

namespace Beacon.Incidents.Reporting;

/// <summary>Kind of written report in an incident's chain.</summary>
public enum ReportKind
{
    /// <summary>First report (首报).</summary>
    First = 1,

    /// <summary>Follow-up report (续报一, 续报二 …), progress and corrections.</summary>
    FollowUp = 2,

    /// <summary>Final report (终报) after handling ends; closes the incident.</summary>
    Final = 3,
}

/// <summary>
/// One written report (书面报告) of an incident. Immutable once submitted: corrections come as a new follow-up.
/// Holds the figures as reported then, so the chain reads as history.
/// </summary>
public sealed class IncidentReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    public ReportKind Kind { get; set; }

    /// <summary>1 for the first report, then 2, 3 … (follow-up n is sequence n + 1).</summary>
    public int Sequence { get; set; }

    public Guid UnitId { get; set; }

    public Guid? SubmittedById { get; set; }

    public string SubmittedBy { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public Severity Severity { get; set; }

    public bool IsSensitive { get; set; }

    public Casualties Casualties { get; set; } = Casualties.None;

    public string Narrative { get; set; } = "";

    public string? Measures { get; set; }

    public string? NextSteps { get; set; }

    /// <summary>Signer (签发人) and the phone to call back.</summary>
    public string Signer { get; set; } = "";

    public string? Phone { get; set; }

    /// <summary>
    /// The level the reported figures give (建议级别) by the event type's thresholds (<see cref="Classification.SeverityGrading"/>),
    /// null when they reach none; a level above the declared one becomes the incident's level.
    /// </summary>
    public Severity? ProposedSeverity { get; set; }

    /// <summary>Why (建议级别依据): the figure and threshold reached, <c>Deaths:3:3</c> (<see cref="Classification.Grade.Reason"/>).</summary>
    public string? ProposedReason { get; set; }

    /// <summary>
    /// A final report (终报) filed while leaders' instructions were still open: the filer's confirmation and reason
    /// (确认终报说明), also in the audit trail.
    /// </summary>
    public string? FinalConfirmation { get; set; }

    /// <summary>续报一 … as offices write it.</summary>
    public string Title => Kind switch
    {
        ReportKind.First => "首报",
        ReportKind.Final => "终报",
        _ => "续报" + ChineseNumber(Sequence - 1),
    };

    internal static string ChineseNumber(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 10 => digits[n],
            < 20 => "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>A phone report (电话报告) logged by the duty room: who called whom, when, and what was said.</summary>
public sealed class PhoneReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    /// <summary>The unit that called (reported).</summary>
    public Guid FromUnitId { get; set; }

    /// <summary>The unit that was called (received).</summary>
    public Guid ToUnitId { get; set; }

    public string Caller { get; set; } = "";

    public string Callee { get; set; } = "";

    public DateTimeOffset CalledAt { get; set; }

    public string Summary { get; set; } = "";

    public string LoggedBy { get; set; } = "";

    /// <summary>When the call was logged; later than <see cref="CalledAt"/> by more than a few minutes makes it a back-dated entry.</summary>
    public DateTimeOffset? LoggedAt { get; set; }

    /// <summary>A back-dated entry (补录): logged well after the call was made; allowed only with <see cref="LateEntryReason"/>.</summary>
    public bool IsLateEntry { get; set; }

    public string? LateEntryReason { get; set; }
}
