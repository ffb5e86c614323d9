using CreditLedger.Api.Workspaces;

namespace CreditLedger.Api.Credits;

public sealed record CreateGrantRequest(string? Currency, decimal? Amount, string? Source, DateTimeOffset? ExpiresAt, string? IdempotencyKey);

public sealed record GrantResponse(
    Guid Id, string Currency, decimal Amount, decimal Remaining, string Source, DateTimeOffset EffectiveAt, DateTimeOffset? ExpiresAt);

public sealed record CurrencyBalance(decimal Available, decimal Held);

public sealed record BalanceResponse(DateTimeOffset AsOf, CycleResponse Cycle, CurrencyBalance Actions, CurrencyBalance DataCredits);
