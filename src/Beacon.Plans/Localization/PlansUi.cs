using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;

namespace Beacon.Plans.Localization;

/// <summary>Form checks of the plans pages: the request's DataAnnotations, as the API's validation filter runs them.</summary>
internal static class PlansUi
{
    public static Dictionary<string, string> Validate(object request, IStringLocalizer l)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Platform.Http.TextHygiene.FindControlCharacterMember(request) is { } dirty)
        {
            errors[dirty] = l["Validation.Invalid"].Value;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), results, true))
        {
            foreach (var member in results.SelectMany(r => r.MemberNames).Distinct())
            {
                errors[member] = l["Validation.Invalid"].Value;
            }
        }

        return errors;
    }
}
