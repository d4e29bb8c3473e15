using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beacon.Platform.Http;

/// <summary>
/// Enumerations in request bodies by name or number, but only their defined values: <c>"kind": 42</c> is refused with
/// 400 and the code <see cref="PlatformErrors.EnumUndefined"/> naming the field, instead of being stored. Part of the
/// platform's HTTP JSON options, ahead of the plain string-enum converter. Flags enumerations keep their combinations.
/// </summary>
public sealed class DefinedEnumJsonConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Inner = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(Checked<>).MakeGenericType(typeToConvert), Inner.CreateConverter(typeToConvert, options));

    private sealed class Checked<T>(JsonConverter inner) : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly bool IsFlags = typeof(T).IsDefined(typeof(FlagsAttribute), false);
        private readonly JsonConverter<T> _inner = (JsonConverter<T>)inner;

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = _inner.Read(ref reader, typeToConvert, options);
            return IsFlags || Enum.IsDefined(value) ? value : throw new UndefinedEnumException();
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => _inner.Write(writer, value, options);

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = _inner.ReadAsPropertyName(ref reader, typeToConvert, options);
            return IsFlags || Enum.IsDefined(value) ? value : throw new UndefinedEnumException();
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            _inner.WriteAsPropertyName(writer, value, options);
    }
}

/// <summary>A JSON enumeration value that is not defined; <see cref="JsonException.Path"/> names where.</summary>
public sealed class UndefinedEnumException() : JsonException("is not one of the allowed values");
