namespace CreditLedger.Api.Engine;

/// <summary>An accepted usage event as stored in usage_events.</summary>
public sealed record UsageRow(
    Guid Id,
    string Kind,
    Guid? UserId,
    string? Integration,
    string? Service,
    string Outcome,
    int Quantity,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    Guid? EnrichmentId,
    string? MetadataJson,
    string? ResourceId = null,
    Guid? ApiKeyId = null);

/// <summary>A response kept under an idempotency key and replayed verbatim.</summary>
public sealed record StoredResponse(string Scope, string Key, byte[] RequestHash, int StatusCode, string Json);
