using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// An accepted usage event as stored in usage_events. What it is about (its id, kind, user, integration, service,
/// resource, key and time) is the <see cref="EntryContext"/> its charge entries share, held once. <see cref="Charged"/> is
/// what its charge entries add up to, stored with it so reports read a usage fact's amounts by time without the ledger.
/// </summary>
public sealed record UsageRow(EntryContext About, string Outcome, int Quantity, DateTimeOffset RecordedAt, string? MetadataJson, Cost Charged)
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
        DateTimeOffset recordedAt, Guid? enrichmentId, string? metadataJson, Cost charged, string? resourceId = null, Guid? apiKeyId = null) =>
        new(new EntryContext(occurredAt, id, enrichmentId, userId, kind, integration, service, resourceId, apiKeyId),
            outcome, quantity, recordedAt, metadataJson, charged);
}

/// <summary>
/// A response kept under an idempotency key and replayed verbatim: its JSON as the UTF-8 bytes first sent, which the
/// answer writes and a batch embeds without decoding it. The ledger stores the bytes (a text column), or, for a usage
/// event (<see cref="UsageId"/>), only the event's id: a replay writes the same bytes again from the event (ADR 36).
/// </summary>
public sealed record StoredResponse(string Scope, string Key, byte[] RequestHash, int StatusCode, byte[] Json, Guid? UsageId = null)
{
    /// <summary>The bytes the ledger keeps under the key: none when the key names its usage event instead.</summary>
    public byte[]? KeptJson => UsageId is null ? Json : null;
}
