namespace Beacon.Incidents;

/// <summary>Configuration section <c>Beacon:Incidents</c>.</summary>
public sealed class IncidentsOptions
{
    public const string Section = "Beacon:Incidents";

    /// <summary>An unmet obligation is "due soon" (即将超时) this many minutes before its deadline.</summary>
    public int DueSoonMinutes { get; set; } = 5;

    public TimeSpan DueSoon => TimeSpan.FromMinutes(DueSoonMinutes);
}
