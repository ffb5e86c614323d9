using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreditLedger.Api.Json;

/// <summary>
/// JSON already serialized once (the response kept under an idempotency key), written into a larger response
/// as is, so a batch of a thousand events is not serialized twice.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
// Its UTF-8 bytes, as the serialiser wrote them: embedded without being decoded and encoded again.
public sealed record RawJson(byte[] Json);

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json, skipInputValidation: true);
}
