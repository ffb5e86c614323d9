namespace CreditLedger.Api.Ledger;

/// <summary>One usage event as the engine records it, already validated at the edge.</summary>
public sealed record UsageCommand(
    string IdempotencyKey, string Kind, Guid? UserId, string? Integration, string? Service, string? Outcome, int? Quantity,
    DateTimeOffset? OccurredAt, string? MetadataJson);
