namespace Beacon.Resources.Registry;

/// <summary>
/// Specialities of teams and experts (专业特长), each mapped to the event types (GB/T 35561 codes) it answers; the
/// list is data, extended here. Stored on a resource as <c>,code,code,</c>.
/// </summary>
public static class Specialities
{
    /// <summary>Code → event-type code prefixes.</summary>
    public static IReadOnlyDictionary<string, string[]> EventTypes { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["flood"] = ["11A"],
        ["forest-fire"] = ["11F"],
        ["earthquake"] = ["11C"],
        ["geological"] = ["11D"],
        ["mine"] = ["12A"],
        ["hazchem"] = ["12B"],
        ["fire"] = ["12C"],
        ["power"] = ["12E"],
        ["communications"] = ["12E"],
        ["medical"] = ["13"],
        ["rescue"] = ["11", "12"],
    };

    public static IReadOnlyList<string> All { get; } = [.. EventTypes.Keys];

    public static bool IsKnown(string code) => EventTypes.ContainsKey(code);

    public static string Join(IEnumerable<string> codes) => "," + string.Join(",", codes.Distinct(StringComparer.Ordinal)) + (codes.Any() ? "," : "");

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
