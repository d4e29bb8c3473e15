namespace Beacon.Warnings;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the refusals of the warnings module (drafting, release, changes, CAP in and out, dissemination).
/// Each is given in the ProblemDetails as <c>code</c> (and per field under <c>codes</c>); its text is <c>Error.&lt;code&gt;</c>
/// in WarningsResource (zh-CN and en-US), shown by pages through <see cref="Platform.Http.ProblemText"/>. A published code never changes.
/// </summary>
public static class WarningErrors
{
    /// <summary>404: no such warning in the caller's scope.</summary>
    public const string NotFound = "warning.not-found";

    /// <summary>403: only the staff of a unit (duty officers, leaders, liaisons) write, edit and change warnings.</summary>
    public const string NotStaff = "warning.author.not-staff";

    /// <summary>403: the caller's roles do not allow submitting a warning for review (送审).</summary>
    public const string SubmitNotAllowed = "warning.submit.not-allowed";

    /// <summary>403: the caller's roles do not allow reviewing (审核) a warning.</summary>
    public const string ReviewNotAllowed = "warning.review.not-allowed";

    /// <summary>403: the one who wrote a warning does not review it (拟稿、审核、签发 by different people).</summary>
    public const string ReviewSamePerson = "warning.review.same-person";

    /// <summary>A draft is sent back without saying why.</summary>
    public const string ReviewNoteRequired = "warning.review.note-required";

    /// <summary>403: only a leader with sign-off rights (签发权限) signs off and publishes a warning.</summary>
    public const string SignOffNoRights = "warning.sign-off.no-rights";

    /// <summary>403: the one who wrote or reviewed a warning does not sign it off (拟稿、审核、签发 by different people).</summary>
    public const string SignOffSamePerson = "warning.sign-off.same-person";

    /// <summary>409: the warning is not in the stage the step needs (someone else moved it on, or it was never there).</summary>
    public const string StageChanged = "warning.stage.changed";

    /// <summary>The channels chosen at sign-off are none, or one is not Sms, Email or Webhook (channels, channels[i]).</summary>
    public const string SignOffNoChannel = "warning.sign-off.channels";

    /// <summary>409: only a reviewed (approved) warning is signed off.</summary>
    public const string SignOffNotApproved = "warning.sign-off.not-approved";

    /// <summary>409: the warning this message changes is no longer the current one; start again from the current one.</summary>
    public const string ChainNotCurrent = "warning.chain.not-current";

    /// <summary>change is New; a change of a warning is Update, Upgrade, Downgrade, Extend or Cancel.</summary>
    public const string ChangeKind = "warning.change.kind";

    /// <summary>409: the warning has expired; issue a new one.</summary>
    public const string Expired = "warning.expired";

    /// <summary>409: only the current published message of a warning is changed.</summary>
    public const string ChangeNotCurrent = "warning.change.not-current";

    /// <summary>409: only a draft is edited.</summary>
    public const string EditNotDraft = "warning.edit.not-draft";

    /// <summary>409: only a received warning that is current and not expired is re-published (转发).</summary>
    public const string RepublishNotCurrent = "warning.republish.not-current";

    /// <summary>The received warning's event code is not a kind of warning known here; draft it by hand.</summary>
    public const string RepublishEventUnknown = "warning.republish.event-unknown";

    /// <summary>409: the received warning cannot be copied as it is (areas outside the jurisdiction or without a division code, or valid too long).</summary>
    public const string RepublishNotCopyable = "warning.republish.not-copyable";

    /// <summary>eventCode is not a known kind of warning.</summary>
    public const string EventUnknown = "warning.event.unknown";

    /// <summary>expiresAt is not after effectiveAt.</summary>
    public const string ExpiresBeforeEffective = "warning.expires.before-effective";

    /// <summary>The warning is valid for longer than the configured maximum; extend it later instead.</summary>
    public const string ValidityTooLong = "warning.validity.too-long";

    /// <summary>onsetAt is after expiresAt.</summary>
    public const string OnsetAfterExpiry = "warning.onset.after-expiry";

    /// <summary>An area has no division code, polygon or circle.</summary>
    public const string AreaEmpty = "warning.area.empty";

    /// <summary>An area's division code is not a jurisdiction of the issuing unit (its own or one below it).</summary>
    public const string AreaNotInScope = "warning.area.not-in-scope";

    /// <summary>A polygon has fewer than 4 lat,lon points.</summary>
    public const string PolygonPoints = "warning.area.polygon.points";

    /// <summary>A polygon's point is not a lat,lon point in range.</summary>
    public const string PolygonPoint = "warning.area.polygon.point";

    /// <summary>A polygon's first and last points differ.</summary>
    public const string PolygonClosed = "warning.area.polygon.not-closed";

    /// <summary>A circle is not 'lat,lon radiusKm' with a positive radius.</summary>
    public const string Circle = "warning.area.circle.invalid";

    /// <summary>An upgrade does not raise the level.</summary>
    public const string UpgradeLevel = "warning.level.not-higher";

    /// <summary>A downgrade does not lower the level.</summary>
    public const string DowngradeLevel = "warning.level.not-lower";

    /// <summary>An update, extension or cancel changes the level (use Upgrade or Downgrade).</summary>
    public const string KeepLevel = "warning.level.changed";

    /// <summary>An extension does not expire later than the warning it extends.</summary>
    public const string ExtendLater = "warning.extend.not-later";

    /// <summary>A change turns a real warning into an exercise or back.</summary>
    public const string KeepStatus = "warning.status.changed";

    /// <summary>403: only a unit's staff or integration imports CAP warnings.</summary>
    public const string ImportNotStaff = "warning.import.not-staff";

    /// <summary>The CAP message is not sent as XML.</summary>
    public const string CapContentType = "warning.cap.content-type";

    /// <summary>The CAP message is not valid (not XML, not CAP 1.2/1.1, or it breaks the schema or its rules).</summary>
    public const string CapInvalid = "warning.cap.invalid";

    /// <summary>The CAP message's references name no warning received here.</summary>
    public const string CapReferences = "warning.cap.references";

    /// <summary>409: the sender and identifier belong to a warning issued here, or another message under them was received at the same moment.</summary>
    public const string CapIdentifierTaken = "warning.cap.identifier.taken";

    /// <summary>A recipient's location gives a latitude without a longitude or the other way round.</summary>
    public const string RecipientLocation = "warning.recipient.location";

    /// <summary>The CAP message was refused unread: nested too deep, too long or too slow to parse.</summary>
    public const string CapTooComplex = "warning.cap.too-complex";

    /// <summary>A statistics range's from is after to.</summary>
    public const string StatisticsRange = "warning.statistics.range";

    /// <summary>The public feed's area is not the code of a jurisdiction (6 digits, or a 9-digit township within one).</summary>
    public const string PublicAreaInvalid = "warning.public.area.invalid";

    /// <summary>A delivery to send again is not a failed or given-up delivery of the warning (deliveryIds[i]).</summary>
    public const string DeliveryNotRetryable = "warning.delivery.not-retryable";

    /// <summary>404: no configured CAP feed is received in the caller's area: nothing to poll (立即拉取).</summary>
    public const string FeedsNone = "warning.feeds.none";

    /// <summary>404: no push to the upstream publisher was queued for this message (pushing off, or not signed off).</summary>
    public const string UpstreamNone = "warning.upstream.none";

    /// <summary>404: no such recipient in the caller's scope.</summary>
    public const string RecipientNotFound = "recipient.not-found";

    /// <summary>403: only the staff of a unit manage recipients.</summary>
    public const string RecipientNotStaff = "recipient.not-staff";

    /// <summary>A recipient has no phone number, e-mail address or webhook URL.</summary>
    public const string RecipientContactMissing = "recipient.contact.missing";

    /// <summary>A recipient's phone is not an 11-digit mobile number (SMS).</summary>
    public const string RecipientPhone = "recipient.phone.invalid";

    /// <summary>A recipient's e-mail is not an e-mail address.</summary>
    public const string RecipientEmail = "recipient.email.invalid";

    /// <summary>A recipient's webhook URL is not https (http only for localhost).</summary>
    public const string RecipientWebhookUrl = "recipient.webhook-url.invalid";

    /// <summary>A webhook recipient has no secret of at least 16 characters.</summary>
    public const string RecipientWebhookSecret = "recipient.webhook-secret.too-short";

    /// <summary>A recipient's area is not a division code of a jurisdiction in the caller's scope.</summary>
    public const string RecipientArea = "recipient.area.not-in-scope";

    /// <summary>A recipient's unit is not a unit in the caller's scope.</summary>
    public const string RecipientUnit = "recipient.unit.not-in-scope";

    /// <summary>The recipients list's division filter is not a division code of 6 or 9 digits.</summary>
    public const string RecipientFilterDivision = "recipient.filter.division.invalid";

    /// <summary>The recipients import's upload is not a workbook with rows (field file).</summary>
    public const string RecipientImportFile = "recipient.import.file";

    /// <summary>A row of the recipients import is wrong; nothing was imported (each cell names its own code).</summary>
    public const string RecipientImportRow = "recipient.import.row";

    /// <summary>A recipients import row's kind is not 单位, 责任人 or 订阅用户.</summary>
    public const string RecipientKindInvalid = "recipient.kind.invalid";

    /// <summary>A recipients import row's name is missing or longer than 200 characters.</summary>
    public const string RecipientName = "recipient.name.invalid";

    /// <summary>A recipients import row's latitude or longitude is not a number in range.</summary>
    public const string RecipientCoordinate = "recipient.coordinate.invalid";
}
