using CreditLedger.Api.Json;

namespace CreditLedger.Api.Credits;

[OpenApiExample("""{"currency":"data_credits","amount":250,"source":"purchase","idempotencyKey":"invoice-2026-118"}""")]
public sealed record CreateGrantRequest(string? Currency, decimal? Amount, string? Source, DateTimeOffset? ExpiresAt, string? IdempotencyKey);

public sealed record GrantResponse(
    Guid Id, string Currency, decimal Amount, decimal Remaining, string Source, DateTimeOffset EffectiveAt, DateTimeOffset? ExpiresAt);

public sealed record CurrencyBalance(decimal Available, decimal Held);

[OpenApiExample("""{"asOf":"2026-11-21T12:00:00Z","cycle":{"start":"2026-11-03T09:30:00Z","end":"2026-12-03T09:30:00Z"},"actions":{"available":958,"held":2},"dataCredits":{"available":412.5,"held":1}}""")]
public sealed record BalanceResponse(DateTimeOffset AsOf, CycleResponse Cycle, CurrencyBalance Actions, CurrencyBalance DataCredits);
