namespace CreditLedger.Api.Engine;

/// <summary>
/// One usage event as the engine records it, already validated at the edge. The edge's own request type implements it,
/// so an event is not copied into a second object on its way in (a batch item's request and command were ~0.3 KB).
/// </summary>
public interface IUsageEvent
{
    string IdempotencyKey { get; }

    string Kind { get; }

    Guid? UserId { get; }

    string? Integration { get; }

    string? Service { get; }

    string? Outcome { get; }

    int? Quantity { get; }

    DateTimeOffset? OccurredAt { get; }

    /// <summary>The event's metadata object as JSON text, or null; read once, when the event is recorded.</summary>
    string? MetadataJson { get; }

    string? ResourceId { get; }
}

/// <summary>A usage event sent with workspace key <paramref name="ApiKeyId"/> (null: the admin key), with its fingerprint.</summary>
public readonly record struct KeyedUsage(IUsageEvent Event, Guid? ApiKeyId, byte[] RequestHash);
