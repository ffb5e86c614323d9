using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Enrichments;

public static class EnrichmentStatuses
{
    public const string Pending = "pending";
    public const string Charged = "charged";
    public const string Released = "released";
}

[OpenApiExample("""{"idempotencyKey":"run-42-row-8","integration":"leadmagic","service":"mobile_finder","quantity":1}""")]
public sealed record ReserveRequest(
    string? IdempotencyKey, Guid? UserId, string? Integration, string? Service, int? Quantity, string? ResourceId = null);

public sealed record ReservationResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Held, DateTimeOffset ExpiresAt);

[OpenApiExample("""{"outcome":"not_found"}""")]
public sealed record CompleteRequest(string? Outcome);

public sealed record SettlementResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Charges);

public sealed record EnrichmentResponse(
    Guid Id, string Status, Guid? UserId, string Integration, string Service, int Quantity,
    IReadOnlyList<ChargeResponse> Held, string? Outcome, IReadOnlyList<ChargeResponse> Charges, Guid? UsageId,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt);
