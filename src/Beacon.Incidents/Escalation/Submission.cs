namespace Beacon.Incidents.Escalation;

/// <summary>
/// One step of level-by-level reporting (逐级上报): a unit submits an incident to the duty room above it, which
/// signs for it (签收) and may forward it with its own assessment. A submission that skips a level (越级上报,
/// allowed for Ⅰ/Ⅱ) is marked so, and the skipped level receives its own copy at once.
/// </summary>
public sealed class Submission
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid IncidentId { get; set; }

    public Guid FromUnitId { get; set; }

    public Guid ToUnitId { get; set; }

    /// <summary>The receiving unit's jurisdiction, for scope.</summary>
    public Guid ToJurisdictionId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public string SubmittedBy { get; set; } = "";

    /// <summary>The submitting level's own assessment (研判意见) when it forwards.</summary>
    public string? Assessment { get; set; }

    /// <summary>True when this goes past the level in between (越级上报).</summary>
    public bool SkipsLevel { get; set; }

    /// <summary>True for the copy a skipped level receives for its information (抄告).</summary>
    public bool IsNotification { get; set; }

    public DateTimeOffset? SignedAt { get; set; }

    public string? SignedBy { get; set; }

    public DateTimeOffset? ForwardedAt { get; set; }

    /// <summary>
    /// When a later report, its level raised, went past this level straight to the level above (越级上报): this copy has
    /// been for information (抄告知悉) since then, and this level no longer forwards it.
    /// </summary>
    public DateTimeOffset? SkippedAt { get; set; }

    /// <summary>
    /// When the due-soon alert (临期提醒) for signing (签收) was raised, or the scan decided none is owed (a copy for
    /// information); the signing deadline is <see cref="SubmittedAt"/> plus <c>Beacon:Incidents:Alerts:SignWithinMinutes</c>.
    /// </summary>
    public DateTimeOffset? SignDueSoonAlertedAt { get; set; }

    /// <summary>When the overdue alert for signing was raised, or the scan decided none is owed; once per submission.</summary>
    public DateTimeOffset? SignAlertedAt { get; set; }
}
