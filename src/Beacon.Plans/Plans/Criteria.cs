using System.Globalization;
using System.Text.RegularExpressions;

namespace Beacon.Plans.Plans;

/// <summary>The incident figures a level's activation criteria are read against.</summary>
public sealed record IncidentFacts(int Deaths, int Injured, string Severity, bool IsSensitive);

/// <summary>
/// Activation criteria (启动条件) as configurable rules over incident fields: comparisons joined by <c>and</c> / <c>or</c>
/// (<c>and</c> binds tighter), e.g. <c>deaths &gt;= 30 or injured &gt;= 100</c>. Fields: <c>deaths</c>, <c>injured</c>
/// (numbers; <c>&gt;= &gt; &lt;= &lt; =</c>), <c>severity</c> (Ⅰ–Ⅳ written I–IV; <c>severity &gt;= II</c> means Ⅱ or more
/// serious) and <c>sensitive</c> (<c>= true</c> / <c>= false</c>).
/// </summary>
public sealed partial class Criteria
{
    private readonly List<List<Comparison>> _any;

    private Criteria(string text, List<List<Comparison>> any)
    {
        Text = text;
        _any = any;
    }

    public string Text { get; }

    private sealed record Comparison(string Field, string Op, string Value)
    {
        public override string ToString() => $"{Field} {Op} {Value}";
    }

    /// <summary>Parses <paramref name="text"/>; on failure returns null with the reason in <paramref name="error"/>.</summary>
    public static Criteria? TryParse(string? text, out string error)
    {
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return null;
        }

        var any = new List<List<Comparison>>();
        foreach (var alternative in OrSplit().Split(text.Trim()))
        {
            var all = new List<Comparison>();
            foreach (var part in AndSplit().Split(alternative.Trim()))
            {
                var m = ComparisonPattern().Match(part.Trim());
                if (!m.Success)
                {
                    error = $"'{part.Trim()}' is not 'field op value'";
                    return null;
                }

                var field = m.Groups["field"].Value.ToLowerInvariant();
                var op = m.Groups["op"].Value == "==" ? "=" : m.Groups["op"].Value;
                var value = m.Groups["value"].Value;
                var ok = field switch
                {
                    "deaths" or "injured" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                    "severity" => SeverityRank(value) is not null,
                    "sensitive" => op == "=" && value is "true" or "false",
                    _ => false,
                };
                if (!ok)
                {
                    error = field is "deaths" or "injured" or "severity" or "sensitive"
                        ? $"'{part.Trim()}' has a value {field} cannot take"
                        : $"'{field}' is not a field (deaths, injured, severity, sensitive)";
                    return null;
                }

                all.Add(new Comparison(field, op, value));
            }

            any.Add(all);
        }

        return new Criteria(text.Trim(), any);
    }

    /// <summary>True when the facts meet the rule; <paramref name="why"/> names the comparisons that held.</summary>
    public bool Matches(IncidentFacts facts, out string why)
    {
        foreach (var all in _any)
        {
            if (all.All(c => Holds(c, facts)))
            {
                why = string.Join(" and ", all.Select(c => $"{c} ({Actual(c.Field, facts)})"));
                return true;
            }
        }

        why = "";
        return false;
    }

    private static string Actual(string field, IncidentFacts f) => field switch
    {
        "deaths" => f.Deaths.ToString(CultureInfo.InvariantCulture),
        "injured" => f.Injured.ToString(CultureInfo.InvariantCulture),
        "severity" => f.Severity,
        _ => f.IsSensitive ? "true" : "false",
    };

    private static bool Holds(Comparison c, IncidentFacts f)
    {
        switch (c.Field)
        {
            case "sensitive":
                return f.IsSensitive == (c.Value == "true");
            case "severity":
                // Rank 1 is Ⅰ (most serious); "at least II" is rank ≤ 2. Unassessed incidents meet no severity rule.
                if (SeverityRank(f.Severity) is not { } actual)
                {
                    return false;
                }

                return Compare(-actual, -SeverityRank(c.Value)!.Value, c.Op);
            default:
                var value = c.Field == "deaths" ? f.Deaths : f.Injured;
                return Compare(value, int.Parse(c.Value, CultureInfo.InvariantCulture), c.Op);
        }
    }

    private static bool Compare(int left, int right, string op) => op switch
    {
        ">=" => left >= right,
        ">" => left > right,
        "<=" => left <= right,
        "<" => left < right,
        _ => left == right,
    };

    private static int? SeverityRank(string value) => value.ToUpperInvariant() switch
    {
        "I" => 1,
        "II" => 2,
        "III" => 3,
        "IV" => 4,
        _ => null,
    };

    [GeneratedRegex(@"\s+(?:or|\|\|)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrSplit();

    [GeneratedRegex(@"\s+(?:and|&&)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^(?<field>[A-Za-z]+)\s*(?<op>>=|<=|==|=|>|<)\s*(?<value>[A-Za-z0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ComparisonPattern();
}
