using CreditLedger.Api.Engine;
using CreditLedger.Api.Json;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Webhooks;

[OpenApiExample("""{"url":"https://hooks.example.com/creditledger","events":["balance.low","balance.depleted","balance.recovered"],"description":"Ops alerts"}""")]
public sealed record CreateWebhookRequest(string? Url, List<string>? Events, string? Description);

/// <summary>A new webhook with its signing secret, shown this once.</summary>
public sealed record WebhookCreated(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, string Secret, DateTimeOffset CreatedAt);


public sealed record DeliveryPage(IReadOnlyList<DeliveryResponse> Items, string? NextCursor);

public sealed record PingResponse(Guid EventId);

/// <summary>A part that is present sets its threshold (null: none); an omitted part keeps its value.</summary>
[OpenApiExample("""{"actions":{"lowBalance":500},"dataCredits":{"lowBalance":100},"expiringWithinDays":7}""")]
public sealed record AlertsRequest(CurrencyAlert? Actions, CurrencyAlert? DataCredits, int? ExpiringWithinDays);
