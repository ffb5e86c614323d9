using System.Reflection;
using System.Text.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Usage;

/// <summary>
/// A batch's 200 answer, <see cref="UsageBatchResponse"/> as the serializer writes it, written straight from the engine's
/// outcomes and the edge's refusals: no answer item and no raw-JSON wrapper per event (~0.1 KB each), and each event's
/// kept response embedded as it was stored. <c>BatchUsageTests</c> hold it to the serializer's bytes for the shape.
/// </summary>
public sealed class UsageBatchAnswer(IReadOnlyList<EngineResult<UsageRecorded>?> outcomes, IReadOnlyList<ProblemSpec?> refusals, string traceId)
    : IResult, IEndpointMetadataProvider
{
    private static readonly JsonEncodedText Results = JsonEncodedText.Encode("results");
    private static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    /// <summary>What the document says this answer is: the shape it is written as.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(UsageBatchResponse), ["application/json"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        // Model binding's and TypedResults' options, whose encoder is the one every other answer is written with.
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder });
        writer.WriteStartObject();
        writer.WriteStartArray(Results);
        for (var i = 0; i < outcomes.Count; i++)
        {
            WriteItem(writer, i, options);
            if (writer.BytesPending > 16 * 1024)
            {
                await writer.FlushAsync(httpContext.RequestAborted); // a thousand answers are not held whole
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }

    private void WriteItem(Utf8JsonWriter writer, int index, JsonSerializerOptions options)
    {
        var outcome = outcomes[index];
        var problem = outcome is null ? refusals[index]! : outcome.Problem();
        writer.WriteStartObject();
        writer.WriteNumber(Index, index);
        writer.WriteNumber(Status, outcome?.Status() ?? problem!.Status);
        writer.WritePropertyName(Event);
        if (outcome?.Json() is { } json)
        {
            writer.WriteRawValue(json, skipInputValidation: true);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName(Error);
        if (problem is not null)
        {
            // By runtime type, so a validation problem keeps its errors.
            var details = problem.ToDetails(traceId);
            JsonSerializer.Serialize(writer, details, details.GetType(), options);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteEndObject();
    }
}
