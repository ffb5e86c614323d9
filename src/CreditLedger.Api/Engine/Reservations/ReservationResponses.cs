using CreditLedger.Api.Json;
namespace CreditLedger.Api.Engine.Reservations;

// What the engine answers for reservations; the answer to a reservation is kept under its idempotency key and a
// settlement's on the reservation's row, so these are the engine's records, returned by the Enrichments feature as they are.

public static class EnrichmentStatuses
{
    public const string Pending = "pending";
    public const string Charged = "charged";
    public const string Released = "released";
}

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1003","status":"pending","held":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":5}],"expiresAt":"2026-11-20T10:15:00Z"}""")]
public sealed record ReservationResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Held, DateTimeOffset ExpiresAt);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1003","status":"released","charges":[]}""")]
public sealed record SettlementResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Charges);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1003","status":"charged","userId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","integration":"leadmagic","service":"mobile_finder","quantity":1,"held":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":5}],"outcome":"success","charges":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":5}],"usageId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f","createdAt":"2026-11-20T10:00:00Z","expiresAt":"2026-11-20T10:15:00Z","settledAt":"2026-11-20T10:00:02.5Z"}""")]
public sealed record EnrichmentResponse(
    Guid Id, string Status, Guid? UserId, string Integration, string Service, int Quantity,
    IReadOnlyList<ChargeResponse> Held, string? Outcome, IReadOnlyList<ChargeResponse> Charges, Guid? UsageId,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt);
