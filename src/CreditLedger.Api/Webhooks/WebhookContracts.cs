using CreditLedger.Api.Engine;
using CreditLedger.Api.Json;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Webhooks;

[OpenApiExample("""{"url":"https://hooks.example.com/creditledger","events":["balance.low","balance.depleted","balance.recovered"],"description":"Ops alerts"}""")]
public sealed record CreateWebhookRequest(string? Url, List<string>? Events, string? Description);

/// <summary>A new webhook with its signing secret, shown this once.</summary>
[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1005","url":"https://hooks.example.com/creditledger","events":["balance.low","balance.depleted","balance.recovered"],"description":"Ops alerts","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw","createdAt":"2026-11-20T10:00:00Z"}""")]
public sealed record WebhookCreated(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, string Secret, DateTimeOffset CreatedAt);


public sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? NextCursor);

[OpenApiExample("""{"eventId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1006"}""")]
public sealed record PingResponse(Guid EventId);

/// <summary>A part that is present sets its threshold (null: none); an omitted part keeps its value.</summary>
[OpenApiExample("""{"actions":{"lowBalance":500},"dataCredits":{"lowBalance":100},"expiringWithinDays":7}""")]
public sealed record AlertsRequest(CurrencyAlert? Actions, CurrencyAlert? DataCredits, int? ExpiringWithinDays);
