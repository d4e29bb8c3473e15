using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Warnings.Cap;
using Xunit;

namespace Beacon.Warnings.Tests.Cap;

/// <summary>
/// Structural comparison of alerts. Records holding lists compare the lists by reference, so both alerts are
/// serialised to an indented JSON form (enums by name, times with their offset) and the texts compared; a failure
/// shows the first differing line.
/// </summary>
internal static class CapAssert
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Canonical(CapAlert alert) => JsonSerializer.Serialize(alert, Options);

    public static void Equivalent(CapAlert expected, CapAlert? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    public static CapAlert ReadValid(string xml)
    {
        var result = CapReader.Read(xml);
        Assert.True(result.IsValid, "Expected a valid CAP message; errors: " + string.Join(" | ", result.Errors));
        return result.Alert!;
    }
}
