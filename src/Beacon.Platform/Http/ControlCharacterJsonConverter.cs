using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beacon.Platform.Http;

/// <summary>
/// Reads every JSON string of a request body — properties at any depth, array items, dictionary keys and values —
/// and refuses one holding a control character (<see cref="TextHygiene.IndexOfRefused"/>). The serializer adds the
/// JSON path, and <see cref="ProblemExceptionHandler"/> answers 400 naming it with the code
/// <see cref="TextHygiene.Code"/>. Part of the platform's HTTP JSON options, so every endpoint has it.
/// </summary>
public sealed class ControlCharacterJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString());

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Checked(reader.GetString()) ?? "";

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    private static string? Checked(string? text) =>
        text is not null && TextHygiene.IndexOfRefused(text) >= 0 ? throw new ControlCharacterException() : text;
}

/// <summary>A JSON string held a control character; <see cref="JsonException.Path"/> names where.</summary>
public sealed class ControlCharacterException() : JsonException(TextHygiene.Reason);
