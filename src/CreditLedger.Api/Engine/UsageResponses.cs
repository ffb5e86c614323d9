using CreditLedger.Api.Json;

namespace CreditLedger.Api.Engine;

// The response a recorded usage event gets; the engine keeps it under the event's idempotency key, so it is the
// engine's record, and the Usage feature returns it as it is. The engine writes it with UsageResponseJson, to the
// bytes the serializer writes for this shape; the shape itself is what the API documents.

public sealed record ChargeResponse(string Currency, decimal Amount);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f","kind":"enrichment","outcome":"success","occurredAt":"2026-11-20T10:00:00Z","recordedAt":"2026-11-20T10:00:01.25Z","charges":[{"currency":"actions","amount":1},{"currency":"data_credits","amount":1}]}""")]
public sealed record UsageResponse(
    Guid Id, string Kind, string Outcome, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, IReadOnlyList<ChargeResponse> Charges);

/// <summary>
/// A usage event recorded now: the response JSON kept under its idempotency key (written as it is, never re-serialized).
/// A value, held inline by its result (every recorded event has one).
/// </summary>
public readonly record struct UsageRecorded(byte[] Json);
