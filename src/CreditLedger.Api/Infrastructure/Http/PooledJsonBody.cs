using System.Text.Json;
using System.Text.Json.Serialization;
using CommunityToolkit.HighPerformance.Buffers;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Infrastructure.Http;

/// <summary>
/// Binds a JSON body one of whose members is kept as raw JSON (a batch's events) without copying it: the body is read
/// into pooled memory, its shape is read by the serializer with the options model binding uses (so unknown members,
/// names in any case and malformed JSON are answered exactly as bound bodies are), and the raw member becomes a
/// <see cref="JsonElement"/> of a pooled document over that memory. Both go back to the pool when the response completes;
/// the serializer's <see cref="JsonElement"/> binding copied the member into arrays of its own instead (~0.3 KB an event).
/// </summary>
public static class PooledJsonBody
{
    /// <summary>
    /// The body's shape of type <typeparamref name="TShape"/>, and its member at <paramref name="raw"/> as a pooled element
    /// (null when the member is absent or null). Throws what model binding throws, so the same problems answer.
    /// </summary>
    public static async ValueTask<(TShape Shape, JsonElement? Raw)> ReadAsync<TShape>(HttpContext context, Func<TShape, JsonSlice?> raw)
        where TShape : class
    {
        var request = context.Request;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            throw NoBody();
        }

        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{request.ContentType}\".", StatusCodes.Status415UnsupportedMediaType);
        }

        var body = new ArrayPoolBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 0, 4096, 1 << 20));
        context.Response.RegisterForDispose(body);
        await ReadAllAsync(request.Body, body, context.RequestAborted);
        var json = WithoutByteOrderMark(body.WrittenMemory);
        if (json.IsEmpty)
        {
            throw NoBody();
        }

        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var (shape, document) = Parse(json, options, raw);
        if (document is not null)
        {
            context.Response.RegisterForDispose(document);
        }

        return (shape, document?.RootElement);
    }

    /// <summary>
    /// The shape of a whole body in memory and its raw member as a document over that memory (the caller disposes it,
    /// and keeps the memory until then). Throws as <see cref="ReadAsync{TShape}"/> does.
    /// </summary>
    public static (TShape Shape, JsonDocument? Raw) Parse<TShape>(ReadOnlyMemory<byte> json, JsonSerializerOptions options, Func<TShape, JsonSlice?> raw)
        where TShape : class
    {
        TShape? shape;
        try
        {
            shape = JsonSerializer.Deserialize<TShape>(json.Span, options);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", StatusCodes.Status400BadRequest, e);
        }

        if (shape is null)
        {
            throw NoBody();
        }

        if (raw(shape) is not { } slice)
        {
            return (shape, null);
        }

        // Already read once by the serializer with these options, so it parses; the document's index is pooled as well.
        return (shape, JsonDocument.Parse(json.Slice(slice.Start, slice.Length), new JsonDocumentOptions
        {
            AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.ReadCommentHandling, MaxDepth = options.MaxDepth,
        }));
    }

    /// <summary>The whole body; a connection lost while it arrives is the client's 400, as model binding has it.</summary>
    private static async Task ReadAllAsync(Stream body, ArrayPoolBufferWriter<byte> into, CancellationToken ct)
    {
        try
        {
            int read;
            while ((read = await body.ReadAsync(into.GetMemory(4096), ct)) > 0)
            {
                into.Advance(read);
            }
        }
        catch (IOException e)
        {
            throw new BadHttpRequestException("The request body could not be read.", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>As model binding reads a body: a UTF-8 byte order mark is not part of the JSON.</summary>
    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> json) =>
        json.Span.StartsWith("\uFEFF"u8) ? json[3..] : json;

    private static ClientJsonException NoBody() => new("A JSON body is required.");
}

/// <summary>Where a member's raw JSON lies in the body it was read from (bytes).</summary>
[JsonConverter(typeof(JsonSliceConverter))]
public readonly record struct JsonSlice(int Start, int Length);

/// <summary>Reads any JSON value as its place in the body; the serializer checks it is well formed as it skips it.</summary>
public sealed class JsonSliceConverter : JsonConverter<JsonSlice>
{
    public override JsonSlice Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var start = checked((int)reader.TokenStartIndex);
        reader.Skip();
        return new JsonSlice(start, checked((int)reader.BytesConsumed) - start);
    }

    public override void Write(Utf8JsonWriter writer, JsonSlice value, JsonSerializerOptions options) =>
        throw new NotSupportedException("A slice of a request body is only read.");
}
