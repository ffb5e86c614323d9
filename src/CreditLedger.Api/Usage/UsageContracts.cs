using System.Text.Json;
using System.Text.Json.Serialization;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Usage;

// Runnable as it stands from Swagger's "Try it out": no occurredAt (it defaults to now, so the example never falls out of
// the accepted window) and no resourceId (one must exist first; PUT …/resources/{id} makes it).
[OpenApiExample("""{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1,"metadata":{"table":"Leads Q4"}}""")]
// Properties, not constructor parameters: System.Text.Json binds more than four constructor parameters through an
// object[] with every value type boxed, per event. The words every event repeats are read from a pool.
public sealed record UsageRequest : IUsageEvent
{
    public string? IdempotencyKey { get; init; }

    [JsonConverter(typeof(VocabularyStringConverter))]
    public string? Kind { get; init; }

    public Guid? UserId { get; init; }

    [JsonConverter(typeof(VocabularyStringConverter))]
    public string? Integration { get; init; }

    [JsonConverter(typeof(VocabularyStringConverter))]
    public string? Service { get; init; }

    [JsonConverter(typeof(VocabularyStringConverter))]
    public string? Outcome { get; init; }

    public int? Quantity { get; init; }

    public DateTimeOffset? OccurredAt { get; init; }

    public JsonElement? Metadata { get; init; }

    public string? ResourceId { get; init; }

    // As the engine reads a validated request: the two required fields are present, metadata is an object or absent.
    string IUsageEvent.IdempotencyKey => IdempotencyKey!;

    string IUsageEvent.Kind => Kind!;

    string? IUsageEvent.MetadataJson => Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null;
}

// Events stay raw JSON so that one bad event is its own 400 result, not the whole batch's: one element for the whole
// array, over the request's pooled body (a List<JsonElement> gave every event a JSON document of its own, and binding
// a JsonElement copied the array).
[OpenApiExample("""{"events":[{"idempotencyKey":"run-42-row-9","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success"},{"idempotencyKey":"run-42-row-10","kind":"ai_call","quantity":2}]}""")]
public sealed record UsageBatchRequest([property: OpenApiShape(typeof(UsageRequest[]))] JsonElement? Events)
{
    /// <summary>Minimal APIs bind the body through this (the route declares it accepts this type as JSON).</summary>
    public static async ValueTask<UsageBatchRequest?> BindAsync(HttpContext context) =>
        new((await PooledJsonBody.ReadAsync<Shape>(context, shape => shape.Events)).Raw);

    /// <summary>A body already in memory, read as <see cref="BindAsync"/> reads one (the stage benchmarks); dispose the document.</summary>
    internal static (UsageBatchRequest Request, JsonDocument? Document) Read(ReadOnlyMemory<byte> body, JsonSerializerOptions options)
    {
        var (_, document) = PooledJsonBody.Parse<Shape>(body, options, shape => shape.Events);
        return (new UsageBatchRequest(document?.RootElement), document);
    }

    /// <summary>The body as the serializer reads it: the same members, the events as their place in the body.</summary>
    private sealed record Shape(JsonSlice? Events);
}

public sealed record UsageBatchItem(
    int Index, int Status, [property: OpenApiShape(typeof(UsageResponse))] RawJson? Event,
    [property: OpenApiShape(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))] JsonElement? Error);

[OpenApiExample("""{"results":[{"index":0,"status":201,"event":{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e30","kind":"enrichment","outcome":"success","occurredAt":"2026-11-20T10:00:00Z","recordedAt":"2026-11-20T10:00:01.25Z","charges":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":1}]},"error":null},{"index":1,"status":402,"event":null,"error":{"type":"https://creditledger.dev/problems/insufficient-credits","title":"Insufficient credits","status":402,"detail":"Not enough actions: 2 required, 0 available.","traceId":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","currency":"actions","required":2,"available":0}}]}""")]
public sealed record UsageBatchResponse(IReadOnlyList<UsageBatchItem> Results);
