using System.Text.Json;

namespace Beacon.Testing;

/// <summary>Reads the stable codes of a ProblemDetails answer (decision 0004): <c>code</c>, and per field under <c>codes</c>.</summary>
public static class ProblemCodes
{
    /// <summary>The answer's <c>code</c>, or null when it has none.</summary>
    public static async Task<string?> CodeAsync(this HttpResponseMessage response)
    {
        var json = await response.JsonAsync();
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    /// <summary>The codes given for <paramref name="field"/> under <c>codes</c> (empty when none).</summary>
    public static async Task<string[]> FieldCodesAsync(this HttpResponseMessage response, string field)
    {
        var json = await response.JsonAsync();
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("codes", out var codes) && codes.TryGetProperty(field, out var list)
            ? [.. list.EnumerateArray().Select(c => c.GetString()!)]
            : [];
    }
}
