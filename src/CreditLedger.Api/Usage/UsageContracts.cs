using CreditLedger.Api.Infrastructure;
using System.Text.Json;

namespace CreditLedger.Api.Usage;

[OpenApiExample("""{"idempotencyKey":"run-42-row-7","kind":"enrichment","integration":"leadmagic","service":"email_finder","outcome":"success","quantity":1,"occurredAt":"2026-11-20T10:00:00Z","metadata":{"table":"Leads Q4"}}""")]
public sealed record UsageRequest(
    string? IdempotencyKey,
    string? Kind,
    Guid? UserId,
    string? Integration,
    string? Service,
    string? Outcome,
    int? Quantity,
    DateTimeOffset? OccurredAt,
    JsonElement? Metadata);

public sealed record ChargeResponse(string Currency, decimal Amount);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f","kind":"enrichment","outcome":"success","occurredAt":"2026-11-20T10:00:00Z","recordedAt":"2026-11-20T10:00:01.25Z","charges":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":1}]}""")]
public sealed record UsageResponse(
    Guid Id, string Kind, string Outcome, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, IReadOnlyList<ChargeResponse> Charges);

public sealed record UsageBatchRequest(List<JsonElement>? Events);

public sealed record UsageBatchItem(int Index, int Status, CreditLedger.Api.Infrastructure.RawJson? Event, JsonElement? Error);

public sealed record UsageBatchResponse(IReadOnlyList<UsageBatchItem> Results);
