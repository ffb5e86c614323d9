namespace CreditLedger.Api.Engine;

/// <summary>One ledger entry as the engine reads it back (also the wire shape of the entry list).</summary>
public sealed record LedgerEntryResponse(
    Guid Id, long Sequence, string Type, string Currency, decimal Amount, decimal BalanceAfter,
    DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, Guid? UsageId, Guid? GrantId, Guid? UserId,
    string? ResourceId, Guid? ApiKeyId, string? Integration, string? Service, Guid? EnrichmentId, Guid? ReversesEntryId, string? Reason);

public sealed record LedgerPage(IReadOnlyList<LedgerEntryResponse> Items, string? NextCursor);

public sealed record VerifyResponse(bool Valid, long Entries, long? FirstInvalidSequence);
