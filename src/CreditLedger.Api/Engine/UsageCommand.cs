namespace CreditLedger.Api.Engine;

/// <summary>
/// One usage event as the engine records it, already validated at the edge; <paramref name="ApiKeyId"/> is the
/// workspace key that sent it (null for the admin key).
/// </summary>
public sealed record UsageCommand(
    string IdempotencyKey, string Kind, Guid? UserId, string? Integration, string? Service, string? Outcome, int? Quantity,
    DateTimeOffset? OccurredAt, string? MetadataJson, string? ResourceId = null, Guid? ApiKeyId = null);
