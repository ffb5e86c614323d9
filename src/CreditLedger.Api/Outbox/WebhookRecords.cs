namespace CreditLedger.Api.Outbox;

// A webhook and one of its deliveries as the store reads them (also their wire shapes).

public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt);

public sealed record DeliveryResponse(
    Guid Id, Guid EventId, string Type, string Status, int Attempts, int? LastResponseStatus, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt);
