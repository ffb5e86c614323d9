using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CreditLedger.Api.Json;

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
    // Every request is fingerprinted (a batch, every event): the canonical text is written with a writer kept per thread
    // and reused, so a fingerprint allocates its 32-byte hash and little else. Of is synchronous, so a thread's writer is
    // never shared.
    [ThreadStatic]
    private static ReusableJsonWriter? canonical;

    public static byte[] Of(JsonElement element)
    {
        var json = canonical ??= new ReusableJsonWriter(1024);
        WriteCanonical(json.Start(), element);
        var hash = SHA256.HashData(json.Written());
        json.Trim(); // a rare large body's buffer is not kept
        return hash;
    }

    /// <summary>The fingerprint of the request body, kept for a second read by a route marked <see cref="RereadsBodyExtensions.RereadsBody{TBuilder}"/>.</summary>
    public static async Task<byte[]> OfBodyAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek)
        {
            throw new InvalidOperationException($"{request.Path} fingerprints its body but its route does not keep it: mark the route RereadsBody().");
        }

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
                WriteMembersInNameOrder(writer, element);
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
                WriteNumber(writer, element);
                break;
            case JsonValueKind.String:
                WriteString(writer, element);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// A number as "n:" and its normalized decimal text, formatted on the stack; one out of decimal's range keeps its raw
    /// text.
    /// </summary>
    private static void WriteNumber(Utf8JsonWriter writer, JsonElement element)
    {
        if (!element.TryGetDecimal(out var number))
        {
            writer.WriteStringValue("n:" + element.GetRawText());
            return;
        }

        Span<byte> text = stackalloc byte[64];
        "n:"u8.CopyTo(text);
        if (!(number / 1.000000000000000000000000000000000m).TryFormat(text[2..], out var written, default, CultureInfo.InvariantCulture))
        {
            throw new UnreachableException("A decimal's text is at most 31 bytes.");
        }

        writer.WriteStringValue(text[..(2 + written)]);
    }

    /// <summary>
    /// A string value, written from the body's own UTF-8 when it holds no escape and no tag (most values): the writer
    /// escapes UTF-8 and UTF-16 text alike, so the canonical text is the same as from the decoded string, without
    /// decoding one per value.
    /// </summary>
    private static void WriteString(Utf8JsonWriter writer, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var content = raw[1..^1]; // without its quotes
        if (!content.Contains((byte)'\\') && !content.StartsWith("n:"u8) && !content.StartsWith("s:"u8))
        {
            writer.WriteStringValue(content);
            return;
        }

        var text = element.GetString()!;
        writer.WriteStringValue(text.StartsWith("n:", StringComparison.Ordinal) || text.StartsWith("s:", StringComparison.Ordinal)
            ? "s:" + text
            : text);
    }

    /// <summary>
    /// An object's members by name (ordinal), a repeated name in the order sent: a stable sort on a pooled array. Names
    /// that are all plain ASCII (no escape) are compared and written as the body's own UTF-8, whose byte order is their
    /// UTF-16 order; any other name set is decoded, since UTF-8 and UTF-16 order differ above U+D7FF.
    /// </summary>
    private static void WriteMembersInNameOrder(Utf8JsonWriter writer, JsonElement element)
    {
        var count = 0;
        var plainNames = true;
        foreach (var property in element.EnumerateObject())
        {
            count++;
            var name = JsonMarshal.GetRawUtf8PropertyName(property);
            plainNames &= Ascii.IsValid(name) && !name.Contains((byte)'\\');
        }

        if (plainNames)
        {
            WriteSorted(writer, element, count, static property => property, ByRawNameThenOrder,
                static (writer, property) => writer.WritePropertyName(JsonMarshal.GetRawUtf8PropertyName(property)));
        }
        else
        {
            WriteSorted(writer, element, count, static property => property.Name, ByNameThenOrder,
                static (writer, name) => writer.WritePropertyName(name));
        }
    }

    private static void WriteSorted<TName>(Utf8JsonWriter writer, JsonElement element, int count, Func<JsonProperty, TName> nameOf,
        Comparison<(TName Name, int Order, JsonElement Value)> byNameThenOrder, Action<Utf8JsonWriter, TName> writeName)
    {
        var members = ArrayPool<(TName Name, int Order, JsonElement Value)>.Shared.Rent(count);
        try
        {
            var order = 0;
            foreach (var property in element.EnumerateObject())
            {
                members[order] = (nameOf(property), order, property.Value);
                order++;
            }

            members.AsSpan(0, count).Sort(byNameThenOrder);
            for (var i = 0; i < count; i++)
            {
                writeName(writer, members[i].Name);
                WriteCanonical(writer, members[i].Value);
            }
        }
        finally
        {
            ArrayPool<(TName, int, JsonElement)>.Shared.Return(members, clearArray: true);
        }
    }

    // One delegate per kind of sort: Array.Sort with an IComparer wrapped it in a new delegate on each call (every event).
    private static readonly Comparison<(string Name, int Order, JsonElement Value)> ByNameThenOrder = static (x, y) =>
        string.CompareOrdinal(x.Name, y.Name) is var byName and not 0 ? byName : x.Order.CompareTo(y.Order);

    private static readonly Comparison<(JsonProperty Name, int Order, JsonElement Value)> ByRawNameThenOrder = static (x, y) =>
        JsonMarshal.GetRawUtf8PropertyName(x.Name).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(y.Name)) is var byName and not 0
            ? byName
            : x.Order.CompareTo(y.Order);
}
