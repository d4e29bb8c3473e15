namespace Beacon.Warnings.Warnings;

/// <summary>The four warning colours (预警级别): red Ⅰ (highest) to blue Ⅳ.</summary>
public enum WarningLevel
{
    Red = 1,
    Orange = 2,
    Yellow = 3,
    Blue = 4,
}

/// <summary>Real warnings and exercises/tests (CAP status), kept apart everywhere, statistics included.</summary>
public enum WarningStatus
{
    Actual,
    Exercise,
    Test,
}

/// <summary>What a message does to its chain: the first warning, an update, a change of level, an extension, or the cancel (解除).</summary>
public enum WarningChange
{
    New,
    Update,
    Upgrade,
    Downgrade,
    Extend,
    Cancel,
}

/// <summary>Where a warning is in its release flow.</summary>
public enum WarningStage
{
    /// <summary>拟稿: being written; can be edited.</summary>
    Draft,

    /// <summary>待审核: submitted for review.</summary>
    InReview,

    /// <summary>待签发: reviewed, waiting for a leader's sign-off.</summary>
    Approved,

    /// <summary>已发布: signed off and out; the current message of its chain.</summary>
    Published,

    /// <summary>已更新: a later message of its chain was published.</summary>
    Superseded,

    /// <summary>已解除: its chain was cancelled.</summary>
    Cancelled,

    /// <summary>已接收: received from an issuing agency (CAP in); current for that agency, re-published here only with a sign-off of our own.</summary>
    Received,
}

/// <summary>Written here or received from an issuing agency as CAP.</summary>
public enum WarningOrigin
{
    Local,
    Imported,
}

/// <summary>
/// One warning message (预警信息). Messages form a chain: the first warning and every update, change of level,
/// extension and cancel that followed it (<see cref="ChainId"/>, <see cref="PreviousId"/>); each published message is
/// a CAP alert of its own referencing the earlier ones.
/// </summary>
public sealed class Warning
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The first message of the chain (its own id for a new warning).</summary>
    public Guid ChainId { get; set; }

    /// <summary>The published message this one updates or cancels.</summary>
    public Guid? PreviousId { get; set; }

    public WarningChange Change { get; set; }

    public WarningStage Stage { get; set; }

    public WarningStatus Status { get; set; }

    public WarningOrigin Origin { get; set; }

    /// <summary>CAP identifier in the GB/T 35965.1 form, given at sign-off (imported: the agency's own).</summary>
    public string? Identifier { get; set; }

    /// <summary>CAP sender: who issued it.</summary>
    public string Sender { get; set; } = "";

    /// <summary>When it was sent (signed off, or the agency's <c>sent</c>), UTC.</summary>
    public DateTimeOffset? SentAt { get; set; }

    public Guid IssuingUnitId { get; set; }

    /// <summary>The issuing unit's jurisdiction: who may see and act on the message.</summary>
    public Guid IssuingJurisdictionId { get; set; }

    /// <summary>The issuing unit as named in the message (CAP senderName).</summary>
    public string IssuerName { get; set; } = "";

    public string EventCode { get; set; } = "";

    public string EventName { get; set; } = "";

    public string? EventNameEn { get; set; }

    /// <summary>CAP categories (Met, Geo, Fire …), space-separated when a received message has several.</summary>
    public string Category { get; set; } = "Met";

    public WarningLevel Level { get; set; }

    /// <summary>CAP urgency: Immediate, Expected, Future, Past, Unknown.</summary>
    public string Urgency { get; set; } = "Expected";

    /// <summary>CAP certainty: Observed, Likely, Possible, Unlikely, Unknown.</summary>
    public string Certainty { get; set; } = "Likely";

    public DateTimeOffset EffectiveAt { get; set; }

    public DateTimeOffset? OnsetAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string Headline { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>Measures to take (防御指南).</summary>
    public string Instruction { get; set; } = "";

    public string? HeadlineEn { get; set; }

    public string? DescriptionEn { get; set; }

    public string? InstructionEn { get; set; }

    public string? Contact { get; set; }

    public string? Web { get; set; }

    public List<WarningArea> Areas { get; set; } = [];

    /// <summary>Links and documents that go with the warning (CAP resources), stored with it as JSON.</summary>
    public List<WarningResource> Resources { get; set; } = [];

    public string DraftedBy { get; set; } = "";

    public DateTimeOffset DraftedAt { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    /// <summary>The reviewer's note; on a return to draft, why.</summary>
    public string? ReviewNote { get; set; }

    public string? SignedOffBy { get; set; }

    public DateTimeOffset? SignedOffAt { get; set; }

    /// <summary>For an imported message: the CAP XML as received.</summary>
    public string? OriginalXml { get; set; }

    /// <summary>SHA-256 of the received XML (imported), empty for our own: the same message received again is recognised.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>For an imported message: what the import noticed (converted from CAP 1.1, an update with no references …).</summary>
    public string? ImportNotes { get; set; }

    public int Version { get; set; } = 1;

    /// <summary>Expired: current (published or received) and past its expiry (automatic; nothing is written).</summary>
    public bool IsExpiredAt(DateTimeOffset now) => Stage is WarningStage.Published or WarningStage.Received && ExpiresAt <= now;

    public static string LevelName(WarningLevel level) => level switch
    {
        WarningLevel.Red => "红色",
        WarningLevel.Orange => "橙色",
        WarningLevel.Yellow => "黄色",
        _ => "蓝色",
    };

    public static string LevelNumeral(WarningLevel level) => level switch
    {
        WarningLevel.Red => "Ⅰ",
        WarningLevel.Orange => "Ⅱ",
        WarningLevel.Yellow => "Ⅲ",
        _ => "Ⅳ",
    };

    /// <summary>CAP severity of a colour (the meteorological service's mapping): red Extreme … blue Minor.</summary>
    public static string Severity(WarningLevel level) => level switch
    {
        WarningLevel.Red => "Extreme",
        WarningLevel.Orange => "Severe",
        WarningLevel.Yellow => "Moderate",
        _ => "Minor",
    };
}

/// <summary>
/// One part of a warning's area: a jurisdiction (county or township, by its division code) and/or a polygon
/// (<c>lat,lon</c> pairs, first = last) or a circle (<c>lat,lon radiusKm</c>).
/// </summary>
public sealed class WarningArea
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid WarningId { get; set; }

    public int Position { get; set; }

    public string Description { get; set; } = "";

    /// <summary>6-digit county or 9-digit township code; its 12-digit geocode goes into CAP.</summary>
    public string? DivisionCode { get; set; }

    public string? Polygon { get; set; }

    public string? Circle { get; set; }
}

/// <summary>A link or document that goes with a warning (CAP <c>resource</c>): what it is, its type and address.</summary>
public sealed class WarningResource
{
    public string Description { get; set; } = "";

    public string MimeType { get; set; } = "text/html";

    public string Uri { get; set; } = "";
}

/// <summary>A kind of warning (暴雨, 暴雪 …) with its code, configurable data.</summary>
public sealed class WarningEventType
{
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary>CAP category: Met, Geo, Fire, Env …</summary>
    public string Category { get; set; } = "Met";

    public bool IsActive { get; set; } = true;
}
