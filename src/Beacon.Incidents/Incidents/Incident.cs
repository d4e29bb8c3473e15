using Beacon.Incidents.Reporting;

namespace Beacon.Incidents.Incidents;

/// <summary>Severity level (事件级别): Ⅰ 特别重大 is the highest, Ⅳ 一般 the lowest.</summary>
public enum Severity
{
    /// <summary>Not yet assessed (未定级).</summary>
    NotAssessed = 0,

    /// <summary>Ⅰ particularly serious (特别重大).</summary>
    I = 1,

    /// <summary>Ⅱ serious (重大).</summary>
    II = 2,

    /// <summary>Ⅲ relatively serious (较大).</summary>
    III = 3,

    /// <summary>Ⅳ general (一般).</summary>
    IV = 4,
}

/// <summary>How the duty room learned of the event (信息来源).</summary>
public enum InformationSource
{
    Phone = 1,
    Department = 2,
    LowerLevelReport = 3,
    MediaOrNetwork = 4,
    Public = 5,
}

public enum IncidentStatus
{
    /// <summary>Being handled (处置中, counted as 在办).</summary>
    Open = 1,

    /// <summary>Final report submitted (完结).</summary>
    Closed = 2,
}

/// <summary>Casualties and loss as last reported. Counts are people; loss is in 万元 (10,000 yuan).</summary>
public sealed record Casualties(int Deaths, int Missing, int Injured, int Trapped, int Evacuated, int Affected, decimal DirectLossTenThousandYuan)
{
    public static Casualties None { get; } = new(0, 0, 0, 0, 0, 0, 0m);
}

/// <summary>
/// An emergency (突发事件) as one duty room knows it. Its current figures are those of its latest report;
/// reports themselves never change. Carries a global id, its originating unit and a version, so it can travel
/// between platforms later.
/// </summary>
public sealed class Incident
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Human number per unit jurisdiction and year, e.g. <c>150203-2026-0042</c>.</summary>
    public string Number { get; set; } = "";

    public Guid OriginUnitId { get; set; }

    /// <summary>The originating unit's jurisdiction: the data scope of the incident.</summary>
    public Guid OriginJurisdictionId { get; set; }

    public string Title { get; set; } = "";

    public string EventTypeCode { get; set; } = "";

    public Severity Severity { get; set; }

    /// <summary>Sensitive event (敏感事件): reported regardless of level.</summary>
    public bool IsSensitive { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When the reporting unit learned of it (接报时间): deadline clocks start here.</summary>
    public DateTimeOffset LearnedAt { get; set; }

    /// <summary>Location: the county or township jurisdiction code.</summary>
    public Guid LocationJurisdictionId { get; set; }

    public string? TownshipCode { get; set; }

    public string? Address { get; set; }

    /// <summary>WGS-84 latitude.</summary>
    public double? Latitude { get; set; }

    /// <summary>WGS-84 longitude.</summary>
    public double? Longitude { get; set; }

    /// <summary>
    /// The map's grid cell of the coordinates (<see cref="Map.MapCells"/>), null without them: always derived, stored so
    /// the incident layer finds a box's incidents by an index (decision 0019).
    /// </summary>
    public int? MapCell
    {
        get => Latitude is { } latitude && Longitude is { } longitude ? Map.MapCells.Of(latitude, longitude) : null;
        private set { }
    }

    public Casualties Casualties { get; set; } = Casualties.None;

    public InformationSource Source { get; set; }

    public string Narrative { get; set; } = "";

    public string? Measures { get; set; }

    public IncidentStatus Status { get; set; } = IncidentStatus.Open;

    /// <summary>Number of written reports so far (首报 = 1).</summary>
    public int ReportCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>
    /// A drill inject (演练情景注入) delivered to a duty room, not a real event: it never gets reporting deadlines and every
    /// statistic (counters, timeliness, the contract's lists, the map) leaves it out.
    /// </summary>
    public bool IsDrill { get; set; }

    public List<IncidentReport> Reports { get; set; } = [];
}
