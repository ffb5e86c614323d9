using CreditLedger.Api.Json;

namespace CreditLedger.Api.Engine;

/// <summary>One ledger entry as the engine reads it back (also the wire shape of the entry list).</summary>
public sealed record LedgerEntryResponse(
    Guid Id, long Sequence, string Type, string Currency, decimal Amount, decimal BalanceAfter,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? UsageId, Guid? GrantId, Guid? UserId,
    string? ResourceId, Guid? ApiKeyId, string? Integration, string? Service, Guid? EnrichmentId, Guid? ReversesEntryId, string? Reason);

public sealed record LedgerPage(IReadOnlyList<LedgerEntryResponse> Items, string? NextCursor);

public sealed record VerifyResponse(bool Valid, long Entries, long? FirstInvalidSequence);

/// <summary>A grant: its credit, where it came from, its state, and what one credit of it is worth (its cost basis).</summary>
public sealed record GrantResponse(
    Guid Id, string Currency, decimal Amount, decimal Remaining, string Source, string Status, decimal UnitPrice, DateTimeOffset EffectiveAt,
    DateTimeOffset? ExpiresAt, bool AutoTopUp);

public static class GrantStatuses
{
    public const string Active = "active";
    public const string Pending = "pending";
    public const string Voided = "voided";
}

public sealed record CurrencyBalance(decimal Available, decimal Held);

[OpenApiExample("""{"asOf":"2026-11-21T12:00:00Z","cycle":{"start":"2026-11-03T09:30:00Z","end":"2026-12-03T09:30:00Z"},"actions":{"available":958,"held":2},"dataCredits":{"available":412.5,"held":1}}""")]
public sealed record BalanceResponse(DateTimeOffset AsOf, CycleResponse Cycle, CurrencyBalance Actions, CurrencyBalance DataCredits);
