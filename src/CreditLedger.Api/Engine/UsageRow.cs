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

/// <summary>
/// A response kept under an idempotency key and replayed verbatim: its JSON as the UTF-8 bytes first sent, which the
/// ledger stores (a text column), the answer writes and a batch embeds, none of them decoding it on the way.
/// </summary>
public sealed record StoredResponse(string Scope, string Key, byte[] RequestHash, int StatusCode, byte[] Json);
