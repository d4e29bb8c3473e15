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
}
