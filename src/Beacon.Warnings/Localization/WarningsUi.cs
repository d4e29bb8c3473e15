using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AntDesign;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.Localization;

/// <summary>What a write handler answered, read back for a page: success with its value, field errors, or a problem.</summary>
internal sealed record PageOutcome(bool Succeeded, object? Value, Dictionary<string, string> FieldErrors, string? Problem)
{
    public T? ValueAs<T>()
        where T : class => Value as T;
}

/// <summary>Shared look of the warning pages: the colours of the four levels, stage tags, and handler answers in the user's language.</summary>
internal static class WarningsUi
{
    // The API speaks English to integrations; the pages show the same reasons in the user's language.
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["is not a known kind of warning"] = "Error.UnknownEvent",
        ["must be after effectiveAt"] = "Error.ExpiresBeforeEffective",
        ["must be before expiresAt"] = "Error.OnsetAfterExpiry",
        ["is not a jurisdiction of the issuing unit (its own or one below it)"] = "Error.AreaNotInScope",
        ["give a divisionCode, a polygon or a circle"] = "Error.AreaEmpty",
        ["a circle is 'lat,lon radiusKm' with a positive radius"] = "Error.Circle",
        ["the first and last points of a polygon must be the same"] = "Error.PolygonClosed",
        ["a polygon needs at least 4 lat,lon points (the first repeated at the end)"] = "Error.PolygonPoints",
        ["say why the draft goes back"] = "Error.ReturnNote",
        ["an upgrade needs a higher level (red is the highest)"] = "Error.UpgradeLevel",
        ["a downgrade needs a lower level (blue is the lowest)"] = "Error.DowngradeLevel",
        ["keeps the level; use Upgrade or Downgrade to change it"] = "Error.KeepLevel",
        ["an extension must expire later than the warning it extends"] = "Error.ExtendLater",
        ["stays what the warning is (a real warning is never changed into an exercise)"] = "Error.KeepStatus",
        ["Only a leader with sign-off rights (签发权限) can sign off and publish a warning."] = "Error.NoSignOffRights",
        ["Only the staff of a unit (duty officers, leaders, liaisons) write warnings."] = "Error.NotStaff",
        ["Only the staff of a unit write warnings."] = "Error.NotStaff",
        ["Only the staff of a unit edit warnings."] = "Error.NotStaff",
        ["Your roles do not allow you to submit it for review."] = "Error.NoSubmitRights",
        ["Your roles do not allow you to review it."] = "Error.NoReviewRights",
        ["This warning has expired; issue a new one."] = "Error.Expired",
        ["Warning was not found."] = "Error.NotFound",
        ["The resource has changed since you read it (If-Match does not match its ETag). Read it again and retry."] = "Error.Changed",
    };

    /// <summary>The colour of a level (GB/T 27962 signal colours), as CSS.</summary>
    public static string LevelHex(string level) => level switch
    {
        "Red" => "#d4001a",
        "Orange" => "#f57a00",
        "Yellow" => "#f2c200",
        _ => "#1565d8",
    };

    /// <summary>Text on a level badge: dark on yellow, white on the others.</summary>
    public static string LevelInk(string level) => level == "Yellow" ? "#3d2f00" : "#ffffff";

    public static TagColor StageColor(string stage) => stage switch
    {
        "Draft" => TagColor.Default,
        "InReview" => TagColor.Processing,
        "Approved" => TagColor.Purple,
        "Published" => TagColor.Success,
        "Superseded" => TagColor.Default,
        "Cancelled" => TagColor.Default,
        _ => TagColor.Cyan,
    };

    /// <summary>
    /// Runs the request's DataAnnotations, as the API's validation filter does before a handler; the message of
    /// each failing field comes from the kind of rule it broke, in the user's language. Keys are property names.
    /// </summary>
    public static Dictionary<string, string> Validate(object request, IStringLocalizer l)
    {
        var results = new List<ValidationResult>();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        // Input hygiene (ADR 0004): the API's edge refuses control characters; a page calling the handler does too.
        if (Beacon.Platform.Http.TextHygiene.FindControlCharacterMember(request) is { } dirty)
        {
            errors[dirty] = l["Validation.Format"].Value;
        }

        if (Validator.TryValidateObject(request, new ValidationContext(request), results, true))
        {
            return errors;
        }

        foreach (var member in results.SelectMany(r => r.MemberNames).Distinct())
        {
            var property = request.GetType().GetProperty(member);
            var value = property?.GetValue(request);
            var failed = property?.GetCustomAttributes<ValidationAttribute>().FirstOrDefault(a => !a.IsValid(value));
            errors[member] = failed switch
            {
                RequiredAttribute => l["Validation.Required"].Value,
                StringLengthAttribute s => l["Validation.Length", s.MinimumLength, s.MaximumLength].Value,
                MinLengthAttribute => l["Validation.AtLeastOne"].Value,
                _ => l["Validation.Format"].Value,
            };
        }

        return errors;
    }

    /// <summary>
    /// Reads a handler's typed result: 2xx with its value, a ValidationProblem's fields, or a problem's detail. Field
    /// keys become the request's property names (<c>content.level</c> → <c>Level</c>, <c>areas[0].polygon</c> → <c>Areas</c>).
    /// </summary>
    public static PageOutcome Read(IResult result, IStringLocalizer l)
    {
        switch (result)
        {
            case ValidationProblem v:
                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, reasons) in v.ProblemDetails.Errors)
                {
                    var name = FieldName(key);
                    var text = string.Join("；", reasons.Select(reason => Reason(reason, l)));
                    fields[name] = fields.TryGetValue(name, out var before) ? before + "；" + text : text;
                }

                return new PageOutcome(false, null, fields, null);
            case ProblemHttpResult p:
                return new PageOutcome(false, null, [], p.ProblemDetails.Detail is { } d ? Reason(d, l) : l["Error.Status", p.StatusCode].Value);
            case IStatusCodeHttpResult { StatusCode: >= 200 and < 300 }:
                return new PageOutcome(true, (result as IValueHttpResult)?.Value, [], null);
            case IStatusCodeHttpResult s:
                return new PageOutcome(false, null, [], l["Error.Status", s.StatusCode ?? 500].Value);
            default:
                return new PageOutcome(false, null, [], l["Error.Status", 500].Value);
        }
    }

    private static string FieldName(string key)
    {
        var name = key.StartsWith("content.", StringComparison.OrdinalIgnoreCase) ? key["content.".Length..] : key;
        if (name.StartsWith("areas", StringComparison.OrdinalIgnoreCase))
        {
            return "Areas";
        }

        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    public static string Reason(string english, IStringLocalizer l)
    {
        if (Reasons.TryGetValue(english, out var key))
        {
            return l[key].Value;
        }

        if (english.StartsWith("a warning is valid for at most", StringComparison.Ordinal))
        {
            return l["Error.TooLong"].Value;
        }

        if (english.StartsWith("The warning is ", StringComparison.Ordinal) || english.StartsWith("Only ", StringComparison.Ordinal)
            || english.StartsWith("The warning this message changes", StringComparison.Ordinal))
        {
            return l["Error.StageChanged"].Value + "（" + english + "）";
        }

        return english;
    }

    public static FormValidateStatus Status(Dictionary<string, string> errors, string field) =>
        errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    public static string? Help(Dictionary<string, string> errors, string field) => errors.GetValueOrDefault(field);

    /// <summary>A Beijing wall-clock time from a picker as a UTC instant.</summary>
    public static DateTimeOffset? ToUtc(DateTime? beijingLocal, TimeZoneInfo zone) =>
        beijingLocal is { } local ? Platform.Time.BeijingTime.ToUtc(local, zone) : null;

    /// <summary>A UTC instant as the Beijing wall-clock time a picker shows.</summary>
    public static DateTime ToPicker(DateTimeOffset utc, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(utc, zone).DateTime, DateTimeKind.Unspecified);
}
