namespace Beacon.Incidents;

/// <summary>Configuration section <c>Beacon:Incidents</c>.</summary>
public sealed class IncidentsOptions
{
    public const string Section = "Beacon:Incidents";

    /// <summary>An unmet obligation is "due soon" (即将超时) this many minutes before its deadline.</summary>
    public int DueSoonMinutes { get; set; } = 5;

    public TimeSpan DueSoon => TimeSpan.FromMinutes(DueSoonMinutes);

    /// <summary>How often overdue obligations are looked for and alerted; 0 switches the watcher off (tests scan explicitly).</summary>
    public int OverdueScanSeconds { get; set; } = 15;

    /// <summary>
    /// Levels that may skip a level (越级上报): a county's report of these goes straight to the region as well,
    /// the prefecture getting its copy at once. Configured entries replace the default (Ⅰ and Ⅱ).
    /// </summary>
    public List<Incidents.Severity>? SkipLevel { get; set; }

    public IReadOnlyCollection<Incidents.Severity> SkipLevelFor => SkipLevel ?? [Incidents.Severity.I, Incidents.Severity.II];

    /// <summary>A phone report logged more than this many minutes after the call is a back-dated entry (补录) and needs a reason.</summary>
    public int LateEntryMinutes { get; set; } = 10;

    /// <summary>
    /// Classification thresholds (分级标准) by event-type code (prefix): a configured code replaces the thresholds of
    /// <c>Classification/severity-thresholds.csv</c> for that code, e.g. <c>Beacon:Incidents:Thresholds:12B:0:Level=III</c>.
    /// </summary>
    public Dictionary<string, List<Classification.SeverityThreshold>>? Thresholds { get; set; }

    /// <summary>Limits for incident attachments (附件), section <c>Beacon:Incidents:Attachments</c>.</summary>
    public Attachments.AttachmentOptions Attachments { get; set; } = new();

    /// <summary>Due-soon alerts, the signing deadline and escalation (临期提醒、签收时限、升级提醒), section <c>Beacon:Incidents:Alerts</c>.</summary>
    public AlertOptions Alerts { get; set; } = new();
}

/// <summary>
/// Section <c>Beacon:Incidents:Alerts</c> (decision 0040): how long before a deadline the obligated duty room hears of it
/// (临期提醒), the deadline for signing for a report (签收), and when an unacknowledged overdue alert escalates (升级提醒).
/// Every value is in minutes; a lead time longer than the window alerts at the first scan after the item is created.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>Lead time of the due-soon alert for phone reports (电话报告), verification answers (核报) and signing (签收).</summary>
    public int DueSoonMinutes { get; set; } = 5;

    /// <summary>Lead time of the due-soon alert for written reports (书面报告).</summary>
    public int WrittenDueSoonMinutes { get; set; } = 10;

    /// <summary>Lead time of the due-soon alert for supervised instructions (督办).</summary>
    public int InstructionDueSoonMinutes { get; set; } = 30;

    /// <summary>A report submitted to a duty room (上报) is to be signed for (签收) within this many minutes.</summary>
    public int SignWithinMinutes { get; set; } = 30;

    /// <summary>
    /// An overdue alert the obligated duty room has not acknowledged within this many minutes raises an escalated alert
    /// (升级提醒) to the duty room one level further up, once; 0 switches escalation off.
    /// </summary>
    public int EscalateAfterMinutes { get; set; } = 15;

    public TimeSpan DueSoon => TimeSpan.FromMinutes(Math.Max(0, DueSoonMinutes));

    public TimeSpan WrittenDueSoon => TimeSpan.FromMinutes(Math.Max(0, WrittenDueSoonMinutes));

    public TimeSpan InstructionDueSoon => TimeSpan.FromMinutes(Math.Max(0, InstructionDueSoonMinutes));

    public TimeSpan SignWithin => TimeSpan.FromMinutes(Math.Max(1, SignWithinMinutes));

    public TimeSpan? EscalateAfter => EscalateAfterMinutes > 0 ? TimeSpan.FromMinutes(EscalateAfterMinutes) : null;
}
