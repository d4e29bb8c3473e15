using System.Text.Json;

namespace Beacon.Testing;

/// <summary>
/// Reads the stable codes of a ProblemDetails answer (decision 0004): <c>code</c>, and per field under <c>codes</c>.
/// A response body is read once: the async forms read it, the others take the JSON already read.
/// </summary>
public static class ProblemCodes
{
    /// <summary>The answer's <c>code</c>, or null when it has none (reads the body).</summary>
    public static async Task<string?> CodeAsync(this HttpResponseMessage response) => (await response.JsonAsync()).Code();

    /// <summary>The codes given for <paramref name="field"/> under <c>codes</c>, empty when none (reads the body).</summary>
    public static async Task<string[]> FieldCodesAsync(this HttpResponseMessage response, string field) => (await response.JsonAsync()).FieldCodes(field);

    /// <summary>The problem's <c>code</c>, or null when it has none.</summary>
    public static string? Code(this JsonElement problem) =>
        problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>The codes the problem gives for <paramref name="field"/> under <c>codes</c>, empty when none.</summary>
    public static string[] FieldCodes(this JsonElement problem, string field) =>
        problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty("codes", out var codes) && codes.TryGetProperty(field, out var list)
            ? [.. list.EnumerateArray().Select(c => c.GetString()!)]
            : [];
}
