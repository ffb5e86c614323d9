using CreditLedger.Api.Json;

namespace CreditLedger.Api.Engine;

/// <summary>One ledger entry as the engine reads it back (also the wire shape of the entry list).</summary>
[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1007","sequence":42,"type":"charge","currency":"data_credits","amount":-1,"balanceAfter":412.5,"occurredAt":"2026-11-20T10:00:00Z","recordedAt":"2026-11-20T10:00:01.25Z","usageId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1e2f","grantId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1004","userId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","resourceId":"tbl-leads-q4","apiKeyId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1002","integration":"leadmagic","service":"email_finder","enrichmentId":null,"reversesEntryId":null,"reason":null}""")]
public sealed record LedgerEntryResponse(
    Guid Id, long Sequence, string Type, string Currency, decimal Amount, decimal BalanceAfter,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? UsageId, Guid? GrantId, Guid? UserId,
    string? ResourceId, Guid? ApiKeyId, string? Integration, string? Service, Guid? EnrichmentId, Guid? ReversesEntryId, string? Reason);

public sealed record LedgerPage(IReadOnlyList<LedgerEntryResponse> Items, string? NextCursor);

[OpenApiExample("""{"valid":true,"entries":1250,"firstInvalidSequence":null}""")]
public sealed record VerifyResponse(bool Valid, long Entries, long? FirstInvalidSequence);

/// <summary>A grant: its credit, where it came from, its state, and what one credit of it is worth (its cost basis).</summary>
[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1004","currency":"data_credits","amount":10000,"remaining":6200,"source":"purchase","status":"active","unitPrice":0.04,"effectiveAt":"2026-11-20T10:00:00Z","expiresAt":null,"autoTopUp":false}""")]
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
