using CreditLedger.Api.Json;

namespace CreditLedger.Api.Credits;

[OpenApiExample("""{"currency":"data_credits","amount":10000,"source":"purchase","unitPrice":0.04,"idempotencyKey":"invoice-2026-118"}""")]
public sealed record CreateGrantRequest(
    string? Currency, decimal? Amount, string? Source, DateTimeOffset? ExpiresAt, string? IdempotencyKey, decimal? UnitPrice = null, bool? Pending = null);

[OpenApiExample("""{"reason":"invoice 2026-118 refunded"}""")]
public sealed record VoidGrantRequest(string? Reason);
