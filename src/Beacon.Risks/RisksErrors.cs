namespace Beacon.Risks;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the refusals of the risks module. Each is given in the ProblemDetails
/// as <c>code</c> (and per field under <c>codes</c>); its text is <c>Error.&lt;code&gt;</c> in RisksResource (zh-CN and
/// en-US). A published code never changes.
/// </summary>
public static class RisksErrors
{
    /// <summary>403: the caller belongs to no unit.</summary>
    public const string NoUnit = "risk.actor.no-unit";

    /// <summary>kindCode is not a configured hazard kind.</summary>
    public const string KindUnknown = "risk.hazard.kind.unknown";

    /// <summary>jurisdictionCode is not a jurisdiction in the caller's scope.</summary>
    public const string JurisdictionNotInScope = "risk.hazard.jurisdiction.not-in-scope";

    /// <summary>The location is not a point, line or area of longitude,latitude pairs inside the region.</summary>
    public const string LocationInvalid = "risk.hazard.location.invalid";

    /// <summary>404: no such hazard in the caller's scope.</summary>
    public const string HazardNotFound = "risk.hazard.not-found";

    /// <summary>likelihood or severity is outside 1..the configured scale.</summary>
    public const string ScaleOutOfRange = "risk.assessment.scale.out-of-range";

    /// <summary>The major-hazard method is for hazardous-chemical installations only.</summary>
    public const string NotChemical = "risk.assessment.method.not-chemical";

    /// <summary>The major-hazard method needs at least one known substance with a positive quantity.</summary>
    public const string SubstanceUnknown = "risk.assessment.substance.unknown";

    /// <summary>The bands are not increasing within the scale (general &lt; considerable &lt; major ≤ scale²).</summary>
    public const string BandsInvalid = "risk.grading.bands.invalid";

    /// <summary>403: the grading standard is changed by the region's administrators only.</summary>
    public const string GradingRegionOnly = "risk.grading.region-only";

    /// <summary>dueAt (or remindAt) is in the past or the reminder is not before the deadline.</summary>
    public const string RoundDates = "risk.round.dates.invalid";

    /// <summary>jurisdictionCodes names a jurisdiction that is not below the caller's, or none has a duty room.</summary>
    public const string RoundTargets = "risk.round.targets.invalid";

    /// <summary>kindCodes names an unknown hazard kind.</summary>
    public const string RoundKinds = "risk.round.kinds.unknown";

    /// <summary>404: no such round in the caller's scope.</summary>
    public const string RoundNotFound = "risk.round.not-found";

    /// <summary>403: the caller's jurisdiction is not a unit in the round's scope.</summary>
    public const string NotATarget = "risk.round.not-a-target";

    /// <summary>409: the unit has already reported to this round.</summary>
    public const string AlreadyReported = "risk.round.already-reported";

    /// <summary>A nil return carries findings, or a return that is not nil carries none.</summary>
    public const string ReturnFindings = "risk.round.findings.invalid";

    /// <summary>A finding names a hazard that is not in the reporting unit's jurisdiction.</summary>
    public const string FindingHazard = "risk.round.finding.hazard";

    /// <summary>A finding that needs rectification has no owner, measures or future deadline.</summary>
    public const string FindingRectification = "risk.round.finding.rectification";

    /// <summary>404: no such rectification in the caller's scope.</summary>
    public const string RectificationNotFound = "risk.rectification.not-found";

    /// <summary>dueAt of a rectification is not in the future.</summary>
    public const string RectificationDue = "risk.rectification.due.past";

    /// <summary>409: the rectification is not in the state the action needs (done before verifying, open before done).</summary>
    public const string RectificationState = "risk.rectification.state";

    /// <summary>403: only the responsible unit reports its rectification done.</summary>
    public const string NotResponsible = "risk.rectification.not-responsible";

    /// <summary>403: only a level above the responsible unit verifies.</summary>
    public const string NotUpperLevel = "risk.rectification.not-upper-level";

    /// <summary>The period of a bulletin is empty or reversed.</summary>
    public const string BulletinPeriod = "risk.bulletin.period.invalid";

    /// <summary>404: no such bulletin issue in the caller's scope.</summary>
    public const string BulletinNotFound = "risk.bulletin.not-found";

    /// <summary>409: the issue number is already used this year by the office.</summary>
    public const string BulletinNumberTaken = "risk.bulletin.number.taken";

    /// <summary>A bulletin must keep at least one section, each with a heading.</summary>
    public const string BulletinSections = "risk.bulletin.sections.invalid";

    /// <summary>503: the PDF renderer (Chromium) is not installed on this server.</summary>
    public const string PdfUnavailable = "risk.bulletin.pdf.unavailable";

    /// <summary>The upload is not an Excel workbook, has no rows, or too many.</summary>
    public const string ImportFile = "risk.import.file.invalid";

    /// <summary>One or more rows of an import are invalid (each named by row and column); nothing was imported.</summary>
    public const string ImportRow = "risk.import.row.invalid";
}
