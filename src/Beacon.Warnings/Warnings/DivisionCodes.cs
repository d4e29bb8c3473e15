namespace Beacon.Warnings.Warnings;

/// <summary>
/// Division codes (GB/T 2260, 6 digits; townships 9) as areas: <c>15xxxx</c> ending in <c>0000</c> is a province-level
/// region (everything starting with its first 2 digits), ending in <c>00</c> a prefecture (first 4 digits), otherwise a
/// county; a 9-digit code is one township.
/// </summary>
public static class DivisionCodes
{
    /// <summary>The prefix every code inside <paramref name="code"/>'s area starts with.</summary>
    public static string Reach(string code) => code.Length != 6 ? code
        : code.EndsWith("0000", StringComparison.Ordinal) ? code[..2]
        : code.EndsWith("00", StringComparison.Ordinal) ? code[..4]
        : code;

    /// <summary>True when the areas of <paramref name="a"/> and <paramref name="b"/> overlap (one lies within the other).</summary>
    public static bool Intersect(string a, string b) =>
        b.StartsWith(Reach(a), StringComparison.Ordinal) || a.StartsWith(Reach(b), StringComparison.Ordinal);
}
