using System.Text.Json;

namespace CreditLedger.Api.Usage;

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

public sealed record UsageResponse(
    Guid Id, string Kind, string Outcome, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, IReadOnlyList<ChargeResponse> Charges);

public sealed record UsageBatchRequest(List<JsonElement>? Events);

public sealed record UsageBatchItem(int Index, int Status, CreditLedger.Api.Infrastructure.RawJson? Event, JsonElement? Error);

public sealed record UsageBatchResponse(IReadOnlyList<UsageBatchItem> Results);
