using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// An accepted usage event as stored in usage_events. What it is about (its id, kind, user, integration, service,
/// resource, key and time) is the <see cref="EntryContext"/> its charge entries share, held once. <see cref="Charged"/> is
/// what its charge entries add up to, stored with it so reports read a usage fact's amounts by time without the ledger.
/// An event recorded from a request holds that request's idempotency key and the hash of its body, which tells a replay
/// from a reuse of the key (ADR 37); a reservation's completion holds neither, its key being the reservation's.
/// </summary>
public sealed record UsageRow(
    EntryContext About, string Outcome, int Quantity, DateTimeOffset RecordedAt, string? MetadataJson, Cost Charged,
    string? IdempotencyKey = null, byte[]? RequestHash = null)
{
    public Guid Id => About.UsageId!.Value;

    public string Kind => About.Kind!;

    public Guid? UserId => About.UserId;

    public string? Integration => About.Integration;

    public string? Service => About.Service;

    public DateTimeOffset OccurredAt => About.OccurredAt;

    public Guid? EnrichmentId => About.EnrichmentId;

    public string? ResourceId => About.ResourceId;

    public Guid? ApiKeyId => About.ApiKeyId;

    public static UsageRow Of(
        Guid id, string kind, Guid? userId, string? integration, string? service, string outcome, int quantity, DateTimeOffset occurredAt,
        DateTimeOffset recordedAt, Guid? enrichmentId, string? metadataJson, Cost charged, string? resourceId = null, Guid? apiKeyId = null,
        string? idempotencyKey = null, byte[]? requestHash = null) =>
        new(new EntryContext(occurredAt, id, enrichmentId, userId, kind, integration, service, resourceId, apiKeyId),
            outcome, quantity, recordedAt, metadataJson, charged, idempotencyKey, requestHash);
}

/// <summary>
/// A response kept under an idempotency key and replayed verbatim: its JSON as the UTF-8 bytes first sent, which the
/// answer writes and a batch embeds without decoding it. The ledger stores the bytes (a text column) under the key. A
/// usage event's answer is not stored at all: the event holds its key, and a replay writes the same bytes again from the
/// event (ADR 36, ADR 37). Usage keys stored before then name their event, or keep the bytes.
/// </summary>
public sealed record StoredResponse(string Scope, string Key, byte[] RequestHash, int StatusCode, byte[] Json)
{
    /// <summary>
    /// Whether the key is held by its usage event's row rather than a row of its own: every new usage key is (ADR 37),
    /// and idempotency_keys refuses one (<c>idempotency_keys_usage_kept_by_events</c>).
    /// </summary>
    public bool HeldByEvent => Scope == IdempotencyScopes.Usage;
}
