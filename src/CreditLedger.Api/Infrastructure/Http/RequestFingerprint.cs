using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// A hash of a request body "as parsed JSON": object keys sorted, whitespace dropped and numbers compared by
/// value (1 and 1.0 are equal). Omitted fields stay omitted, so an omitted default differs from an explicit one.
/// JSON types stay apart: numbers are written as the text "n:&lt;value&gt;", and a string that could be mistaken
/// for such a tag ("n:…", or "s:…") is written as "s:&lt;string&gt;", so <c>1</c> and <c>"n:1"</c> differ. Every
/// other string is written as it is, which keeps fingerprints stored before this rule valid.
/// </summary>
public static class RequestFingerprint
{
    public static byte[] Of(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, element);
        }

        return SHA256.HashData(buffer.ToArray());
    }

    /// <summary>The fingerprint of the (buffered) request body.</summary>
    public static async Task<byte[]> OfBodyAsync(HttpRequest request)
    {
        request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        return Of(document.RootElement);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                // Numbers become their normalized decimal text; out-of-range ones keep their raw text.
                writer.WriteStringValue(element.TryGetDecimal(out var number)
                    ? "n:" + (number / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                    : "n:" + element.GetRawText());
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                writer.WriteStringValue(text.StartsWith("n:", StringComparison.Ordinal) || text.StartsWith("s:", StringComparison.Ordinal)
                    ? "s:" + text
                    : text);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
