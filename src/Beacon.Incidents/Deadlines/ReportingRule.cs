using Beacon.Incidents.Classification;
using Beacon.Incidents.Incidents;
using Beacon.Incidents.Reporting;
using Beacon.Platform.Jurisdictions;

namespace Beacon.Incidents.Deadlines;

/// <summary>
/// A reporting rule (信息报告时限规则): which incidents it covers and the deadlines it sets, counted from the
/// moment the reporting unit learned of the event (接报时间). Rules are data an administrator changes.
/// Seeded with the work points' rule (20 min phone / 40 min written to the region for Ⅲ and above and for
/// sensitive events) and, inactive, the national 30 min / 1 h rule.
/// </summary>
public sealed class ReportingRule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string Name { get; set; } = "";

    public bool IsActive { get; set; } = true;

    /// <summary>Lowest severity covered: <see cref="Severity.III"/> covers Ⅲ, Ⅱ and Ⅰ. Null covers no level (only sensitivity).</summary>
    public Severity? MinSeverity { get; set; }

    /// <summary>Sensitive events are covered whatever their level.</summary>
    public bool CoversSensitive { get; set; }

    /// <summary>Only this class of event, or every class when null.</summary>
    public EventClass? EventClass { get; set; }

    /// <summary>Only incidents originating at this tier, or every tier when null.</summary>
    public JurisdictionLevel? OriginTier { get; set; }

    /// <summary>Minutes for the phone report (电话报告), or no phone obligation when null.</summary>
    public int? PhoneMinutes { get; set; }

    /// <summary>Minutes for the written first report (书面报告), or none when null.</summary>
    public int? WrittenMinutes { get; set; }

    /// <summary>While the incident is open, a follow-up (续报) is due this many minutes after the last written report.</summary>
    public int? FollowUpEveryMinutes { get; set; }

    /// <summary>Whom the report is owed to, for display (e.g. 自治区总值班室).</summary>
    public string ReportTo { get; set; } = "";

    /// <summary>
    /// The level whose duty room is owed the report (the jurisdiction above the origin at this level); null for the
    /// top of the tree (the region). Ignored when <see cref="ReportToUnitId"/> names a unit.
    /// </summary>
    public JurisdictionLevel? ReportToLevel { get; set; }

    /// <summary>A unit the rule names as owed the report (e.g. 市应急管理局), instead of a level's duty room.</summary>
    public Guid? ReportToUnitId { get; set; }

    /// <summary>Only incidents originating in this jurisdiction or below it, or everywhere when null.</summary>
    public Guid? JurisdictionId { get; set; }

    /// <summary>Only this event type (or its sub-types, by code prefix), or every type when null.</summary>
    public string? EventTypeCode { get; set; }

    /// <summary>
    /// When the rule took effect (added, or reinstated): it covers only incidents recorded from then on, so an incident
    /// reported before it never gains its obligations later (decision 0031). A change keeps it: obligations created before
    /// the change keep their deadlines, those created after follow the changed rule.
    /// </summary>
    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>When it was retired (已停用), kept with the rule; null while active or never retired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>Who retired it (login).</summary>
    public string? RetiredBy { get; set; }

    /// <summary>Who added it (login); null for the seeded rules.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Who changed it last (login).</summary>
    public string? UpdatedBy { get; set; }

    public int Version { get; set; } = 1;

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether this rule covers an incident with these properties.</summary>
    public bool Covers(Severity severity, bool sensitive, EventClass eventClass, JurisdictionLevel originTier)
    {
        if (!IsActive || (EventClass is { } c && c != eventClass) || (OriginTier is { } t && t != originTier))
        {
            return false;
        }

        var byLevel = MinSeverity is { } min && severity != Severity.NotAssessed && (int)severity <= (int)min;
        return byLevel || (CoversSensitive && sensitive);
    }
}

/// <summary>Channel of a reporting obligation.</summary>
public enum ReportChannel
{
    /// <summary>Phone report (电话报告).</summary>
    Phone = 1,

    /// <summary>Written report (书面报告).</summary>
    Written = 2,
}

/// <summary>Where an obligation stands at a given moment.</summary>
public enum ObligationStatus
{
    /// <summary>Not met, deadline comfortably ahead (按时).</summary>
    OnTime = 1,

    /// <summary>Not met, deadline within the warning window (即将超时).</summary>
    DueSoon = 2,

    /// <summary>Not met, deadline passed (已超时).</summary>
    Overdue = 3,

    /// <summary>Met before the deadline (按时完成).</summary>
    Met = 4,

    /// <summary>Met after the deadline (超时完成).</summary>
    MetLate = 5,
}

/// <summary>
/// A reporting obligation (报告时限): a unit owes a phone or written report by a deadline. Created from the
/// rules when an incident is recorded or its level or sensitivity changes; met by the report that fulfils it.
/// </summary>
public sealed class ReportingObligation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    /// <summary>The unit that owes the report.</summary>
    public Guid UnitId { get; set; }

    /// <summary>That unit's jurisdiction, for scope.</summary>
    public Guid JurisdictionId { get; set; }

    public Guid RuleId { get; set; }

    public string RuleName { get; set; } = "";

    public ReportChannel Channel { get; set; }

    /// <summary>First report, or the follow-up with this report sequence.</summary>
    public ReportKind Kind { get; set; }

    /// <summary>For follow-ups: the sequence of the report that meets it.</summary>
    public int Sequence { get; set; } = 1;

    public string ReportTo { get; set; } = "";

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? MetAt { get; set; }

    /// <summary>Set when the obligation no longer applies (the incident closed before a follow-up was due).</summary>
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>The unit owed the report (a duty room above, or the unit a rule names); null when it is outside this system.</summary>
    public Guid? OwedUnitId { get; set; }

    /// <summary>For a written obligation: when the report meeting it was filed (报出); <see cref="MetAt"/> is when the owed unit received it.</summary>
    public DateTimeOffset? FiledAt { get; set; }

    /// <summary>Why the obligation is met or not, a stable code (<see cref="ObligationReasons"/>), kept current at every reconciliation.</summary>
    public string Reason { get; set; } = ObligationReasons.Open;

    /// <summary>When an overdue alert was raised, so it is raised once.</summary>
    public DateTimeOffset? AlertedAt { get; set; }

    /// <summary>When the due-soon alert (临期提醒) was raised, so it is raised once.</summary>
    public DateTimeOffset? DueSoonAlertedAt { get; set; }

    public ObligationStatus StatusAt(DateTimeOffset now, TimeSpan dueSoonWindow) => Deadline.Status(DueAt, MetAt, now, dueSoonWindow);
}

/// <summary>Where anything with a deadline stands: reports, verification requests, supervised instructions.</summary>
public static class Deadline
{
    public static ObligationStatus Status(DateTimeOffset dueAt, DateTimeOffset? metAt, DateTimeOffset now, TimeSpan dueSoonWindow)
    {
        if (metAt is { } met)
        {
            return met <= dueAt ? ObligationStatus.Met : ObligationStatus.MetLate;
        }

        if (now > dueAt)
        {
            return ObligationStatus.Overdue;
        }

        return dueAt - now <= dueSoonWindow ? ObligationStatus.DueSoon : ObligationStatus.OnTime;
    }
}

/// <summary>Why an obligation is met or not (shown beside every obligation, text under <c>Reason.&lt;code&gt;</c>).</summary>
public static class ObligationReasons
{
    /// <summary>Nothing has been done towards it yet.</summary>
    public const string Open = "open";

    /// <summary>Phone: no call has been logged.</summary>
    public const string NoCall = "phone.no-call";

    /// <summary>Phone: calls were logged, but none by the obligated unit to the unit owed within the window (wrong level or unit).</summary>
    public const string CallElsewhere = "phone.call-elsewhere";

    /// <summary>Phone: met by a call of the obligated unit to the unit owed.</summary>
    public const string Called = "phone.called";

    /// <summary>Phone: met by a call to a level above, the unit owed being outside this system.</summary>
    public const string CalledAbove = "phone.called-above";

    /// <summary>Written: no report of this sequence has been filed.</summary>
    public const string NotFiled = "written.not-filed";

    /// <summary>Written: filed, but it has not reached the unit owed yet (waiting for a level in between to forward it).</summary>
    public const string NotReceived = "written.not-received";

    /// <summary>Written: met when the unit owed received it.</summary>
    public const string Received = "written.received";

    /// <summary>Written: met at filing, the unit owed being outside this system.</summary>
    public const string Filed = "written.filed";

    /// <summary>No longer applies (the incident closed before a follow-up was due).</summary>
    public const string Cancelled = "cancelled";
}
