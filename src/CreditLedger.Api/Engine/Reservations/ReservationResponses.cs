namespace CreditLedger.Api.Engine.Reservations;

// What the engine answers for reservations; the answer to a reservation is kept under its idempotency key and a
// settlement's on the reservation's row, so these are the engine's records, returned by the Enrichments feature as they are.

public static class EnrichmentStatuses
{
    public const string Pending = "pending";
    public const string Charged = "charged";
    public const string Released = "released";
}

public sealed record ReservationResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Held, DateTimeOffset ExpiresAt);

public sealed record SettlementResponse(Guid Id, string Status, IReadOnlyList<ChargeResponse> Charges);

public sealed record EnrichmentResponse(
    Guid Id, string Status, Guid? UserId, string Integration, string Service, int Quantity,
    IReadOnlyList<ChargeResponse> Held, string? Outcome, IReadOnlyList<ChargeResponse> Charges, Guid? UsageId,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? SettledAt);
