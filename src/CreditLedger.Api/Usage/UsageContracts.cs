using System.Text.Json;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Usage;

// Runnable as it stands from Swagger's "Try it out": no occurredAt (it defaults to now, so the example never falls out of
// the accepted window) and no resourceId (one must exist first; PUT …/resources/{id} makes it).
[OpenApiExample("""{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1,"metadata":{"table":"Leads Q4"}}""")]
public sealed record UsageRequest(
    string? IdempotencyKey,
    string? Kind,
    Guid? UserId,
    string? Integration,
    string? Service,
    string? Outcome,
    int? Quantity,
    DateTimeOffset? OccurredAt,
    JsonElement? Metadata,
    string? ResourceId = null);

public sealed record UsageBatchRequest(List<JsonElement>? Events);

public sealed record UsageBatchItem(int Index, int Status, RawJson? Event, JsonElement? Error);

public sealed record UsageBatchResponse(IReadOnlyList<UsageBatchItem> Results);
