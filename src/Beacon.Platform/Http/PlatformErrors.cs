namespace Beacon.Platform.Http;

/// <summary>
/// Stable codes (<c>module.subject.reason</c>) of the kernel's refusals: the request itself (headers, body, validation
/// rules) and the administration of jurisdictions, units, accounts, tokens and the audit trail. A code is given in the
/// ProblemDetails as <c>code</c> (and per field under <c>codes</c>); its text is <c>Error.&lt;code&gt;</c> in the
/// kernel's resources. Codes never change once published: integrations and pages key on them, not on the English text.
/// </summary>
public static class PlatformErrors
{
    /// <summary>400: a text field holds a control character other than tab, line feed or carriage return (input hygiene).</summary>
    public const string ControlCharacter = "input.control-character";

    /// <summary>403: the person's roles do not hold the named permission of the action (decision 0004, "Permissions").</summary>
    public const string PermissionDenied = "permission.denied";

    /// <summary>415: the request declares a charset other than UTF-8.</summary>
    public const string Charset = "input.charset";

    /// <summary>412: If-Match does not match the resource's current ETag, or a concurrent save changed it first.</summary>
    public const string IfMatchStale = "request.if-match.stale";

    /// <summary>428: an update came without If-Match.</summary>
    public const string IfMatchMissing = "request.if-match.missing";

    /// <summary>413: the body (or an uploaded file) is larger than the server accepts.</summary>
    public const string BodyTooLarge = "request.body.too-large";

    /// <summary>400: the body is not valid JSON, or a field has a value of the wrong type.</summary>
    public const string Malformed = "request.malformed";

    /// <summary>400: a route or query parameter could not be read, or a required body is missing.</summary>
    public const string ParameterInvalid = "request.parameter.invalid";

    /// <summary>415: the body was sent with a content type this endpoint does not read.</summary>
    public const string ContentTypeUnsupported = "request.content-type.unsupported";

    /// <summary>Idempotency-Key longer than 200 characters.</summary>
    public const string IdempotencyKeyTooLong = "request.idempotency-key.too-long";

    /// <summary>422: the Idempotency-Key was used before for a different request.</summary>
    public const string IdempotencyKeyReused = "request.idempotency-key.reused";

    /// <summary>409: a request with this Idempotency-Key was processed and its answer is not stored yet.</summary>
    public const string IdempotencyKeyInProgress = "request.idempotency-key.in-progress";

    /// <summary>401: the caller is not signed in (no valid cookie or token).</summary>
    public const string Unauthenticated = "request.unauthenticated";

    /// <summary>403 written by the framework: the caller lacks the role an endpoint requires.</summary>
    public const string Forbidden = "request.forbidden";

    /// <summary>404 written by the framework: no such address.</summary>
    public const string NotFound = "request.not-found";

    /// <summary>405: the address exists but not for this method.</summary>
    public const string MethodNotAllowed = "request.method-not-allowed";

    /// <summary>500 (or another status without a code of its own): the request could not be completed; the error was logged.</summary>
    public const string Failed = "request.failed";

    /// <summary>A <c>[Required]</c> field is missing or empty.</summary>
    public const string ValidationRequired = "validation.required";

    /// <summary>A text is shorter or longer than its <c>[StringLength]</c>/<c>[MaxLength]</c> allows.</summary>
    public const string ValidationLength = "validation.length";

    /// <summary>A number is outside its <c>[Range]</c>.</summary>
    public const string ValidationRange = "validation.range";

    /// <summary>A value does not have the expected format (pattern, phone, e-mail, URL, enum value).</summary>
    public const string ValidationFormat = "validation.format";

    /// <summary>A list that needs at least one entry (<c>[MinLength(1)]</c>) is empty.</summary>
    public const string ValidationAtLeastOne = "validation.at-least-one";

    /// <summary>A rule of the whole request (several fields together) does not hold.</summary>
    public const string ValidationInvalid = "validation.invalid";

    /// <summary>404: no jurisdiction with that code in the caller's scope.</summary>
    public const string JurisdictionNotFound = "jurisdiction.not-found";

    /// <summary>A functional area's parent is not a jurisdiction in the caller's scope.</summary>
    public const string JurisdictionParentNotInScope = "jurisdiction.parent.not-in-scope";

    /// <summary>A functional area's parent is not a prefecture or a county.</summary>
    public const string JurisdictionParentLevel = "jurisdiction.parent.wrong-level";

    /// <summary>A new jurisdiction's code is already used.</summary>
    public const string JurisdictionCodeTaken = "jurisdiction.code.taken";

    /// <summary>404: no such unit in the caller's scope.</summary>
    public const string UnitNotFound = "unit.not-found";

    /// <summary>A new unit's jurisdiction is unknown, retired or outside the caller's scope.</summary>
    public const string UnitJurisdictionNotInScope = "unit.jurisdiction.not-in-scope";

    /// <summary>Another active unit of the jurisdiction has this name.</summary>
    public const string UnitNameTaken = "unit.name.taken";

    /// <summary>409: a retired unit is not changed.</summary>
    public const string UnitRetired = "unit.retired";

    /// <summary>409: the unit is already retired.</summary>
    public const string UnitAlreadyRetired = "unit.already-retired";

    /// <summary>409: a unit with active accounts is not retired.</summary>
    public const string UnitHasActiveAccounts = "unit.active-accounts";

    /// <summary>The unit to merge into is not another unit in the caller's scope.</summary>
    public const string UnitMergeTarget = "unit.merge.target-not-in-scope";

    /// <summary>409: retired units are not merged.</summary>
    public const string UnitMergeRetired = "unit.merge.retired";

    /// <summary>404: no such account in the caller's scope.</summary>
    public const string AccountNotFound = "account.not-found";

    /// <summary>An account's unit is not an active unit in the caller's scope.</summary>
    public const string AccountUnitNotInScope = "account.unit.not-in-scope";

    /// <summary>An account names a role that does not exist.</summary>
    public const string AccountRolesUnknown = "account.roles.unknown";

    /// <summary>An administrator would disable themselves or drop their own administrator role.</summary>
    public const string AccountRolesSelf = "account.roles.self";

    /// <summary>The login name is already taken.</summary>
    public const string AccountUserNameTaken = "account.user-name.taken";

    /// <summary>The password does not meet the password policy.</summary>
    public const string AccountPasswordRejected = "account.password.rejected";

    /// <summary>404: no such API token in the caller's scope.</summary>
    public const string TokenNotFound = "token.not-found";

    /// <summary>A token's unit is not an active unit in the caller's scope.</summary>
    public const string TokenUnitNotInScope = "token.unit.not-in-scope";

    /// <summary>A token asks for roles a token may not have.</summary>
    public const string TokenRolesNotAllowed = "token.roles.not-allowed";

    /// <summary>A token's lifetime is longer than the configured maximum.</summary>
    public const string TokenLifetimeTooLong = "token.lifetime.too-long";

    /// <summary>An audit page number or page size is out of range.</summary>
    public const string AuditPageInvalid = "audit.page.invalid";

    /// <summary>403: verifying the audit chain needs a region-level administrator.</summary>
    public const string AuditVerifyNotRegion = "audit.verify.not-region";

    /// <summary>429: too many requests from this source address (or with this token) in the window; see Retry-After.</summary>
    public const string RateLimited = "request.rate-limited";

    /// <summary>400: a field holds a number that is not one of its enumeration's values.</summary>
    public const string EnumUndefined = "request.enum.undefined";

    /// <summary>403: the password must be changed (after an administrator's reset, or expired) before anything else.</summary>
    public const string PasswordChangeRequired = "account.password.change-required";

    /// <summary>400: the current password given with a change is wrong.</summary>
    public const string PasswordCurrentWrong = "account.password.current-wrong";

    /// <summary>400: the new password is the current one or one of the recent ones.</summary>
    public const string PasswordReused = "account.password.reused";

    /// <summary>400: the new password does not follow the password rules.</summary>
    public const string PasswordWeak = "account.password.weak";

    /// <summary>403: /metrics from outside the configured networks and without the metrics token.</summary>
    public const string MetricsForbidden = "metrics.forbidden";

    /// <summary>404: no such open session of the caller.</summary>
    public const string SessionNotFound = "account.session.not-found";

    /// <summary>409: recovery codes asked for by an account without an authenticator (they stand in for its codes).</summary>
    public const string RecoveryCodesWithoutSecondFactor = "account.recovery-codes.no-second-factor";
}
