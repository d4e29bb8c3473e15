using System.ComponentModel.DataAnnotations;
using System.Reflection;
using AntDesign;
using AntDesign.Select.Internal;
using Beacon.Incidents.Deadlines;
using Beacon.Incidents.Incidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Beacon.Incidents.Localization;

/// <summary>What a write handler answered, read back for a page: success with its value, field errors, or a problem.</summary>
internal sealed record PageOutcome(bool Succeeded, object? Value, Dictionary<string, string> FieldErrors, string? Problem)
{
    public T? ValueAs<T>()
        where T : class => Value as T;
}

/// <summary>Shared look of the incident pages: level tags, status colours, and handler answers shown in the user's language.</summary>
internal static class IncidentsUi
{
    // The API speaks English to integrations; the pages show the same reasons in the user's language.
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.Ordinal)
    {
        ["is before occurredAt; give learnedBeforeOccurredReason if that is right"] = "Error.LearnedBeforeOccurred",
        ["cannot be in the future"] = "Error.Future",
        ["latitude and longitude come together"] = "Error.LatLngTogether",
        ["is not a known event type code"] = "Error.UnknownType",
        ["is not a jurisdiction in your scope"] = "Error.LocationNotInScope",
        ["is not a unit"] = "Error.NotAUnit",
        ["Only an account or token of a unit can report."] = "Error.NoUnit",
        ["Only a unit can forward."] = "Error.NoUnit",
        ["The incident is closed by its final report; it takes no more reports."] = "Error.Closed",
        ["Nothing of this incident awaits your unit's signature."] = "Error.NothingToSign",
        ["This incident was not submitted to your unit; only a receiving duty room forwards it."] = "Error.NotSubmittedToYou",
        ["There is no level above yours to forward to, or it already has this incident."] = "Error.NoLevelAbove",
        ["Incident was not found."] = "Error.NotFound",
        ["Only the duty room proposes handling and refers items to units."] = "Error.Instr.NotDutyRoom",
        ["Only a leader, or a duty officer recording a leader's instruction, can record one."] = "Error.Instr.NotLeader",
        ["is required when a duty officer records a leader's instruction"] = "Error.Instr.LeaderName",
        ["a proposal has no deadline; set one when the instruction is given"] = "Error.Instr.ProposalDeadline",
        ["must be in the future"] = "Error.Instr.Future",
        ["must be other active units in your scope"] = "Error.Instr.Units",
        ["must be a proposal on this incident still awaiting a decision"] = "Error.Instr.Proposal",
        ["Your unit has already signed for this instruction."] = "Error.Instr.AlreadySigned",
        ["Your unit has already reported this instruction carried out."] = "Error.Instr.AlreadyDone",
        ["Only the unit the instruction was passed to signs for it and reports on it."] = "Error.Instr.NotYours",
        ["Only the issuing office or one above it supervises an instruction."] = "Error.Instr.NotIssuer",
        ["This instruction has been carried out; there is nothing left to supervise."] = "Error.Instr.DoneAlready",
        ["A proposal is decided by a leader, not supervised."] = "Error.Instr.ProposalNotSupervised",
        ["overlaps another shift of your unit; change that shift instead (换班)"] = "Error.Roster.Overlap",
        ["must be after startsAt and at most 72 hours later"] = "Error.Roster.Ends",
        ["The resource has changed since you read it (If-Match does not match its ETag). Read it again and retry."] = "Error.Instr.Changed",
        ["is empty"] = "Error.FileEmpty",
        ["needs a file name"] = "Error.FileName",
        ["is not an accepted file type"] = "Error.FileType",
        ["content does not match its file type"] = "Error.FileMismatch",
        ["HTML, SVG, XML and scripts are not accepted"] = "Error.FileActive",
        ["Only an account or token of a unit can add attachments."] = "Error.NoUnit",
    };

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

    /// <summary>Reads a handler's typed result: 2xx with its value, a ValidationProblem's fields, or a problem's detail.</summary>
    public static PageOutcome Read(IResult result, IStringLocalizer l)
    {
        switch (result)
        {
            case ValidationProblem v:
                var fields = v.ProblemDetails.Errors.ToDictionary(
                    e => e.Key.Length == 0 ? e.Key : char.ToUpperInvariant(e.Key[0]) + e.Key[1..],
                    e => string.Join("；", e.Value.Select(reason => Reason(reason, l))),
                    StringComparer.Ordinal);
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

    public static bool LabelContains<TValue>(SelectOptionItem<TValue, TValue> item, string search) =>
        item.Label?.Contains(search, StringComparison.OrdinalIgnoreCase) == true;

    public static string Reason(string english, IStringLocalizer l) =>
        Reasons.TryGetValue(english, out var key) ? l[key].Value : english;

    public static FormValidateStatus Status(Dictionary<string, string> errors, string field) =>
        errors.ContainsKey(field) ? FormValidateStatus.Error : FormValidateStatus.Default;

    public static string? Help(Dictionary<string, string> errors, string field) => errors.GetValueOrDefault(field);

    /// <summary>A Beijing wall-clock time from a picker as a UTC instant.</summary>
    public static DateTimeOffset? ToUtc(DateTime? beijingLocal, TimeZoneInfo zone) =>
        beijingLocal is { } local ? Platform.Time.BeijingTime.ToUtc(local, zone) : null;
}
