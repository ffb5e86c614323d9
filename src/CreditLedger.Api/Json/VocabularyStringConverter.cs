using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using CommunityToolkit.HighPerformance.Buffers;

namespace CreditLedger.Api.Json;

/// <summary>
/// A string drawn from a small vocabulary (a usage kind, an outcome, an integration or service key), read through a
/// bounded pool: every event of a batch sends the same few values, and without the pool each one was a new string.
/// The pool holds at most a fixed number of strings and forgets the least used, so a client sending a new value per
/// event costs a lookup, not memory. Anything the pool cannot take as it is (escaped, split across buffers, long, not
/// valid UTF-8) is read by the options' own string converter, which also refuses text PostgreSQL cannot store.
/// </summary>
public sealed class VocabularyStringConverter : JsonConverter<string>
{
    /// <summary>Longer than any word of a vocabulary; longer text is read as any other string.</summary>
    public const int MaxPooledBytes = 64;

    private static readonly StringPool Pool = new(minimumSize: 512);

    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // Unescaped JSON text holds no control character, and valid UTF-8 encodes no lone surrogate: storable as it is.
        if (reader is { TokenType: JsonTokenType.String, ValueIsEscaped: false, HasValueSequence: false }
            && reader.ValueSpan.Length <= MaxPooledBytes && Utf8.IsValid(reader.ValueSpan))
        {
            return Pool.GetOrAdd(reader.ValueSpan, Encoding.UTF8);
        }

        return ((JsonConverter<string>)options.GetConverter(typeof(string))).Read(ref reader, typeToConvert, options);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
