using System.Globalization;

namespace Beacon.Warnings.Cap;

/// <summary>
/// CAP's date-time form, <c>yyyy-MM-ddTHH:mm:ss±hh:mm</c>: always an explicit offset (never <c>Z</c>) and whole
/// seconds, as the CAP 1.2 schema's pattern requires.
/// </summary>
public static class CapTime
{
    private const string Pattern = "yyyy-MM-ddTHH:mm:sszzz";

    /// <summary>
    /// Formats <paramref name="t"/> in its own offset (a +08:00 value stays +08:00, a UTC value is written
    /// <c>+00:00</c>); fractions of a second are dropped.
    /// </summary>
    public static string Format(DateTimeOffset t) => t.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a CAP date-time. Succeeds only for the exact CAP form (surrounding whitespace allowed); a value
    /// with <c>Z</c>, fractions or no offset is refused. <c>-00:00</c> reads as UTC.
    /// </summary>
    public static bool TryParse(string s, out DateTimeOffset t)
    {
        t = default;
        if (s is null)
        {
            return false;
        }

        var text = s.Trim();
        // The schema pattern is fixed-width; checking the shape first keeps "Z", fractions and "+0800" out.
        if (text.Length != 25 || (text[19] != '+' && text[19] != '-') || text[22] != ':')
        {
            return false;
        }

        return DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out t);
    }
}
