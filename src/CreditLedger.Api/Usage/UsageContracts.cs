using System.Text.Json;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Usage;

[OpenApiExample("""{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1,"occurredAt":"2026-11-20T10:00:00Z","metadata":{"table":"Leads Q4"},"resourceId":"tbl-leads-q4"}""")]
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
