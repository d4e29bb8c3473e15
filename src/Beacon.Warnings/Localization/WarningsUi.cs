using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AntDesign;
using Beacon.Platform.Http;
using Microsoft.Extensions.Localization;

namespace Beacon.Warnings.Localization;

/// <summary>Shared look of the warning pages: the colours of the four levels, stage tags, and form help in the user's language.</summary>
internal static class WarningsUi
{
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
    /// The form field a refusal's JSON field belongs to, for <see cref="ProblemText"/>:
    /// the request's property name (<c>content.level</c> → <c>Level</c>, <c>areas[0].polygon</c> → <c>Areas</c>).
    /// </summary>
    public static string FieldName(string key)
    {
        var name = key.StartsWith("content.", StringComparison.OrdinalIgnoreCase) ? key["content.".Length..] : key;
        if (name.StartsWith("areas", StringComparison.OrdinalIgnoreCase))
        {
            return "Areas";
        }

        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
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
