using CreditLedger.Api.Json;

namespace CreditLedger.Api.Credits;

[OpenApiExample("""{"currency":"data_credits","amount":250,"source":"purchase","idempotencyKey":"invoice-2026-118"}""")]
public sealed record CreateGrantRequest(string? Currency, decimal? Amount, string? Source, DateTimeOffset? ExpiresAt, string? IdempotencyKey);
