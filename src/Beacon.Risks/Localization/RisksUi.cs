using System.ComponentModel.DataAnnotations;
using Beacon.Platform.Http;
using Beacon.Risks.Grading;
using Microsoft.Extensions.Localization;

namespace Beacon.Risks.Localization;

/// <summary>Shared look of the risk pages: the level colours and form checks in the user's language.</summary>
internal static class RisksUi
{
    public static readonly RiskLevel[] Levels = [RiskLevel.Major, RiskLevel.Considerable, RiskLevel.General, RiskLevel.Low];

    /// <summary>Text on a level badge: dark on yellow, white on the others.</summary>
    public static string Ink(RiskLevel level) => level == RiskLevel.General ? "#3d2f00" : "#ffffff";

    /// <summary>Runs the request's DataAnnotations as the API's validation filter does; keys are property names.</summary>
    public static Dictionary<string, string> Validate(object request, IStringLocalizer l)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TextHygiene.FindControlCharacterMember(request) is { } dirty)
        {
            errors[dirty] = l["Validation.Format"].Value;
        }

        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, true))
        {
            return errors;
        }

        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                errors[member] = l["Validation.Invalid"].Value;
            }
        }

        return errors;
    }

    /// <summary>The form field a refusal's JSON field belongs to (<c>findings[0].rectify</c> → <c>Findings</c>).</summary>
    public static string FieldName(string key)
    {
        var name = key.Split('[', '.')[0];
        return name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>One message for a page: the problem, or the field errors joined.</summary>
    public static string Message(PageOutcome outcome) =>
        outcome.Problem ?? string.Join("；", outcome.FieldErrors.Select(e => e.Value));

    public static DateTimeOffset? ToUtc(DateTime? beijingLocal, TimeZoneInfo zone) =>
        beijingLocal is { } local ? Platform.Time.BeijingTime.ToUtc(local, zone) : null;
}
