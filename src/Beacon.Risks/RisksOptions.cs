namespace Beacon.Risks;

/// <summary>Configuration section <c>Beacon:Risks</c>.</summary>
public sealed class RisksOptions
{
    public const string Section = "Beacon:Risks";

    /// <summary>How long before a unit's deadline it is reminded when the round names no reminder time (default 24 h).</summary>
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the due-check (reminders, overdue rectifications) runs; 0 turns the background check off.</summary>
    public int DueScanSeconds { get; set; } = 60;

    /// <summary>A deadline within this window shows as due soon on the workbench.</summary>
    public TimeSpan DueSoon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Chromium for printing the bulletin as PDF (headless print-to-pdf with the CJK fonts of the server).</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";
}
