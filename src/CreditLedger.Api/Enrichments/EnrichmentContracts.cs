using CreditLedger.Api.Json;

namespace CreditLedger.Api.Enrichments;

[OpenApiExample("""{"idempotencyKey":"run-42-row-8","integration":"leadmagic","service":"mobile_finder","quantity":1}""")]
public sealed record ReserveRequest(
    string? IdempotencyKey, Guid? UserId, string? Integration, string? Service, int? Quantity, string? ResourceId = null);

[OpenApiExample("""{"outcome":"not_found"}""")]
public sealed record CompleteRequest(string? Outcome);
