namespace Beacon.Warnings.Cap;

/// <summary>The code denoting the appropriate handling of the alert message (CAP <c>status</c>).</summary>
public enum CapStatus
{
    /// <summary>Actionable by all targeted recipients.</summary>
    Actual,

    /// <summary>Only for the designated participants of an exercise (演练).</summary>
    Exercise,

    /// <summary>For messages that support alert network internal functions.</summary>
    System,

    /// <summary>Technical testing only; all recipients disregard it.</summary>
    Test,

    /// <summary>A preliminary template or draft, not actionable in its current form.</summary>
    Draft,
}

/// <summary>The nature of the alert message (CAP <c>msgType</c>).</summary>
public enum CapMsgType
{
    /// <summary>Initial information requiring attention by targeted recipients (first issue, 发布).</summary>
    Alert,

    /// <summary>Updates and supersedes the earlier message(s) named in <c>references</c>.</summary>
    Update,

    /// <summary>Cancels the earlier message(s) named in <c>references</c> (解除).</summary>
    Cancel,

    /// <summary>Acknowledges receipt and acceptance of the message(s) named in <c>references</c>.</summary>
    Ack,

    /// <summary>Indicates rejection of the message(s) named in <c>references</c>.</summary>
    Error,
}

/// <summary>The intended distribution of the alert message (CAP <c>scope</c>).</summary>
public enum CapScope
{
    /// <summary>For general dissemination to unrestricted audiences.</summary>
    Public,

    /// <summary>For dissemination only to users with a known operational requirement (see <c>restriction</c>).</summary>
    Restricted,

    /// <summary>For dissemination only to the addresses listed in <c>addresses</c>.</summary>
    Private,
}

/// <summary>The category of the subject event (CAP <c>category</c>).</summary>
public enum CapCategory
{
    /// <summary>Geophysical, including landslide.</summary>
    Geo,

    /// <summary>Meteorological, including flood.</summary>
    Met,

    /// <summary>General emergency and public safety.</summary>
    Safety,

    /// <summary>Law enforcement, military, homeland and local or private security.</summary>
    Security,

    /// <summary>Rescue and recovery.</summary>
    Rescue,

    /// <summary>Fire suppression and rescue.</summary>
    Fire,

    /// <summary>Medical and public health.</summary>
    Health,

    /// <summary>Pollution and other environmental.</summary>
    Env,

    /// <summary>Public and private transportation.</summary>
    Transport,

    /// <summary>Utility, telecommunication and other non-transport infrastructure.</summary>
    Infra,

    /// <summary>Chemical, biological, radiological, nuclear or high-yield explosive threat or attack.</summary>
    CBRNE,

    /// <summary>Other events.</summary>
    Other,
}

/// <summary>The type of action recommended for the target audience (CAP <c>responseType</c>).</summary>
public enum CapResponseType
{
    /// <summary>Take shelter in place or per the instruction.</summary>
    Shelter,

    /// <summary>Relocate as instructed in the instruction.</summary>
    Evacuate,

    /// <summary>Make preparations per the instruction.</summary>
    Prepare,

    /// <summary>Execute a pre-planned activity identified in the instruction.</summary>
    Execute,

    /// <summary>Avoid the subject event as per the instruction.</summary>
    Avoid,

    /// <summary>Attend to information sources as described in the instruction.</summary>
    Monitor,

    /// <summary>Evaluate the information in this message (not for public warnings).</summary>
    Assess,

    /// <summary>The subject event no longer poses a threat or concern.</summary>
    AllClear,

    /// <summary>No action recommended.</summary>
    None,
}

/// <summary>How soon responsive action should be taken (CAP <c>urgency</c>).</summary>
public enum CapUrgency
{
    /// <summary>Responsive action should be taken immediately.</summary>
    Immediate,

    /// <summary>Responsive action should be taken soon (within the next hour).</summary>
    Expected,

    /// <summary>Responsive action should be taken in the near future.</summary>
    Future,

    /// <summary>Responsive action is no longer required.</summary>
    Past,

    /// <summary>Urgency not known.</summary>
    Unknown,
}

/// <summary>
/// The severity of the subject event (CAP <c>severity</c>). China's meteorological service maps the warning
/// levels as red 红色/Ⅰ → <see cref="Extreme"/>, orange 橙色/Ⅱ → <see cref="Severe"/>, yellow 黄色/Ⅲ →
/// <see cref="Moderate"/>, blue 蓝色/Ⅳ → <see cref="Minor"/>.
/// </summary>
public enum CapSeverity
{
    /// <summary>Extraordinary threat to life or property.</summary>
    Extreme,

    /// <summary>Significant threat to life or property.</summary>
    Severe,

    /// <summary>Possible threat to life or property.</summary>
    Moderate,

    /// <summary>Minimal to no known threat to life or property.</summary>
    Minor,

    /// <summary>Severity unknown.</summary>
    Unknown,
}

/// <summary>The certainty of the subject event (CAP <c>certainty</c>).</summary>
public enum CapCertainty
{
    /// <summary>Determined to have occurred or to be ongoing.</summary>
    Observed,

    /// <summary>Likely (probability above about 50%). CAP 1.1's "Very Likely" reads as this value.</summary>
    Likely,

    /// <summary>Possible but not likely (probability about 50% or less).</summary>
    Possible,

    /// <summary>Not expected to occur (probability about 0).</summary>
    Unlikely,

    /// <summary>Certainty unknown.</summary>
    Unknown,
}

/// <summary>A CAP <c>valueName</c>/<c>value</c> pair, used by <c>eventCode</c>, <c>parameter</c> and <c>geocode</c>.</summary>
/// <param name="ValueName">The name of the coding system or parameter, e.g. <see cref="CapIdentifier.GeocodeValueName"/>.</param>
/// <param name="Value">The value; may be empty.</param>
public sealed record CapKeyValue(string ValueName, string Value);

/// <summary>One earlier message named in <c>references</c>; a reference matches on sender and identifier.</summary>
/// <param name="Sender">The earlier message's sender (no spaces or commas).</param>
/// <param name="Identifier">The earlier message's identifier (no spaces or commas).</param>
/// <param name="Sent">The earlier message's sent time.</param>
public sealed record CapReference(string Sender, string Identifier, DateTimeOffset Sent);

/// <summary>A supplemental file attached to an info block (CAP <c>resource</c>).</summary>
/// <param name="ResourceDesc">Human-readable description of the resource.</param>
/// <param name="MimeType">MIME content type, e.g. <c>image/png</c>.</param>
/// <param name="Size">Approximate size in bytes, when known.</param>
/// <param name="Uri">Where the resource can be retrieved.</param>
/// <param name="DerefUri">The resource's content as base64 when it is carried inside the message.</param>
/// <param name="Digest">SHA-1 hash of the resource, hex.</param>
public sealed record CapResource(string ResourceDesc, string MimeType, long? Size, string? Uri, string? DerefUri, string? Digest);

/// <summary>An affected area (CAP <c>area</c>).</summary>
/// <param name="AreaDesc">Text description of the area.</param>
/// <param name="Polygons">Each a space-separated list of <c>lat,lon</c> points whose first and last points are equal.</param>
/// <param name="Circles">Each <c>lat,lon radius</c> with the radius in kilometres.</param>
/// <param name="Geocodes">Area codes; in China 12-digit division codes named <see cref="CapIdentifier.GeocodeValueName"/>.</param>
/// <param name="Altitude">Specific or minimum altitude in feet above mean sea level.</param>
/// <param name="Ceiling">Maximum altitude in feet above mean sea level.</param>
public sealed record CapArea(
    string AreaDesc,
    IReadOnlyList<string> Polygons,
    IReadOnlyList<string> Circles,
    IReadOnlyList<CapKeyValue> Geocodes,
    decimal? Altitude,
    decimal? Ceiling);

/// <summary>One language's description of the event (CAP <c>info</c>); a message carries one per language.</summary>
public sealed record CapInfo(
    string Language,
    IReadOnlyList<CapCategory> Categories,
    string Event,
    IReadOnlyList<CapResponseType> ResponseTypes,
    CapUrgency Urgency,
    CapSeverity Severity,
    CapCertainty Certainty,
    string? Audience,
    IReadOnlyList<CapKeyValue> EventCodes,
    DateTimeOffset? Effective,
    DateTimeOffset? Onset,
    DateTimeOffset? Expires,
    string? SenderName,
    string? Headline,
    string? Description,
    string? Instruction,
    string? Web,
    string? Contact,
    IReadOnlyList<CapKeyValue> Parameters,
    IReadOnlyList<CapResource> Resources,
    IReadOnlyList<CapArea> Areas);

/// <summary>
/// A CAP 1.2 alert message (预警信息). Immutable; lists are never null (empty when absent) and optional strings are
/// null rather than empty. Records holding lists compare lists by reference, so compare two alerts through their
/// fields, not with <c>==</c>.
/// </summary>
public sealed record CapAlert(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    CapStatus Status,
    CapMsgType MsgType,
    string? Source,
    CapScope Scope,
    string? Restriction,
    string? Addresses,
    IReadOnlyList<string> Codes,
    string? Note,
    IReadOnlyList<CapReference> References,
    string? Incidents,
    IReadOnlyList<CapInfo> Infos);
