using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreditLedger.Rules;

namespace CreditLedger.Api.Json;

public static class JsonSetup
{
    /// <summary>camelCase, strict about unknown members, amounts without trailing zeros, instants in UTC with Z.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.MaxDepth = PlainDepth;
        options.Converters.Add(new NormalizedDecimalConverter());
        options.Converters.Add(new UtcInstantConverter());
        options.Converters.Add(new IntegralNumberConverter());
        options.Converters.Add(new StorableStringConverter());
    }

    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>The nesting every answer and request may have, unless it carries a tree (<see cref="ForNesting"/>).</summary>
    public const int PlainDepth = 32;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, JsonSerializerOptions> Nested = new();

    /// <summary>
    /// The options for writing an answer that nests <paramref name="levels"/> deep (a report over a resource tree): the
    /// same settings with a depth limit that fits, in steps of 64 so that few option sets (each with its own metadata
    /// cache) ever exist. Requests are still read with <see cref="PlainDepth"/>.
    /// </summary>
    public static JsonSerializerOptions ForNesting(int levels) => Nested.GetOrAdd((levels / 64 + 1) * 64, Create);

    private static JsonSerializerOptions Create(int maxDepth = PlainDepth)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MaxDepth = maxDepth;
        return options;
    }

    private sealed class NormalizedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ExactNumbers.TryRead(ref reader, out var value)
                ? value
                : throw new ClientJsonException("Expected a number with at most 28 significant digits.");

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => WriteAmount(writer, value);
    }

    /// <summary>Integers compare by value, as the contract says: 2.0 is the integer 2, 2.5 is not an integer.</summary>
    private sealed class IntegralNumberConverter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ExactNumbers.TryRead(ref reader, out var value)
                && decimal.Truncate(value) == value && value is >= int.MinValue and <= int.MaxValue
                ? (int)value
                : throw new ClientJsonException("Expected a whole number.");

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>Timestamps as <see cref="Instants"/> parses them: ISO 8601 only, any offset, read as UTC.</summary>
    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && Instants.TryParse(reader.GetString(), out var value)
                ? value
                : throw new ClientJsonException($"Expected an ISO-8601 timestamp such as {Instants.Example}.");

        // Formatted on the stack: every response carries instants, and a string per instant was a fifth of what
        // serialising a usage response allocated.
        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => WriteInstant(writer, value);
    }

    /// <summary>An amount as every answer writes it: the number without trailing zeros.</summary>
    public static void WriteAmount(Utf8JsonWriter writer, decimal value) => writer.WriteNumberValue(Money.Normalize(value));

    /// <summary>An instant as every answer writes it: UTC with Z, the fraction only as long as it needs.</summary>
    public static void WriteInstant(Utf8JsonWriter writer, DateTimeOffset value)
    {
        Span<char> text = stackalloc char[32];
        writer.WriteStringValue(text[..FormatInto(value, text)]);
    }

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'";

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    private static int FormatInto(DateTimeOffset value, Span<char> destination) =>
        value.UtcDateTime.TryFormat(destination, out var written, InstantFormat, CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException("An instant is at most 27 characters.");

    /// <summary>Every string a request carries is text PostgreSQL can store (<see cref="StorableText"/>).</summary>
    private sealed class StorableStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new ClientJsonException("Expected a string.");
            }

            string? value;
            try
            {
                value = reader.GetString();
            }
            catch (InvalidOperationException)
            {
                throw new ClientJsonException(StorableText.Problem); // an escaped lone surrogate
            }

            return StorableText.IsStorable(value) ? value : throw new ClientJsonException(StorableText.Problem);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>A JSON value the client got wrong, with a message safe to show (no CLR type names).</summary>
public sealed class ClientJsonException(string message) : JsonException(message)
{
    /// <summary>The message as written, before System.Text.Json appends the path.</summary>
    public string ClientMessage { get; } = message;
}
