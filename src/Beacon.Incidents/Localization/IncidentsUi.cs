using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AntDesign;
using AntDesign.Select.Internal;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Localization;

/// <summary>Shared look of the incident pages: level tags, status colours, and form help in the user's language.</summary>
internal static class IncidentsUi
{
    public static TagColor SeverityColor(Severity severity) => severity switch
    {
        Severity.I => TagColor.Red,
        Severity.II => TagColor.Orange,
        Severity.III => TagColor.Gold,
        Severity.IV => TagColor.Blue,
        _ => TagColor.Default,
    };

    public static TagColor ObligationColor(ObligationStatus status) => status switch
    {
        ObligationStatus.Overdue => TagColor.Red,
        ObligationStatus.DueSoon => TagColor.Orange,
        ObligationStatus.Met => TagColor.Green,
        ObligationStatus.MetLate => TagColor.Volcano,
        _ => TagColor.Default,
    };

    /// <summary>The status now (the view's status was computed when it was read; the board keeps ticking).</summary>
    public static ObligationStatus StatusAt(ObligationView o, DateTimeOffset now, TimeSpan dueSoon) => Deadline.Status(o.DueAt, o.MetAt, now, dueSoon);

    /// <summary>剩余 12 分 05 秒 / 已超时 3 分 10 秒; an hour or more as 剩余 23 小时 59 分.</summary>
    public static string Countdown(DateTimeOffset due, DateTimeOffset now, IStringLocalizer l)
    {
        var left = due - now;
        var span = left.Duration();
        if (span >= TimeSpan.FromHours(1))
        {
            var hours = (int)Math.Floor(span.TotalHours);
            return l[left >= TimeSpan.Zero ? "Countdown.LeftHours" : "Countdown.OverdueHours", hours, span.Minutes].Value;
        }

        var minutes = (int)Math.Floor(Math.Abs(left.TotalMinutes));
        var seconds = (int)Math.Abs(left.TotalSeconds) % 60;
        return left >= TimeSpan.Zero
            ? l["Countdown.Left", minutes, seconds.ToString("00", System.Globalization.CultureInfo.InvariantCulture)].Value
            : l["Countdown.Overdue", minutes, seconds.ToString("00", System.Globalization.CultureInfo.InvariantCulture)].Value;
    }

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
                RangeAttribute r when Equals(Convert.ToString(r.Minimum, System.Globalization.CultureInfo.InvariantCulture), "0") && value is not null && Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) < 0 => l["Validation.Negative"].Value,
                RangeAttribute r => l["Validation.Range", r.Minimum, r.Maximum].Value,
                PhoneAttribute => l["Validation.Phone"].Value,
                MinLengthAttribute => l["Validation.AtLeastOne"].Value,
                _ => l["Validation.Format"].Value,
            };
        }

        return errors;
    }

    public static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    public static FormValidateStatus Status(Dictionary<string, string> errors, string field) =>
        errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    public static string? Help(Dictionary<string, string> errors, string field) => errors.GetValueOrDefault(field);

    /// <summary>A Beijing wall-clock time from a picker as a UTC instant.</summary>
    public static DateTimeOffset? ToUtc(DateTime? beijingLocal, TimeZoneInfo zone) =>
        beijingLocal is { } local ? Platform.Time.BeijingTime.ToUtc(local, zone) : null;
}
