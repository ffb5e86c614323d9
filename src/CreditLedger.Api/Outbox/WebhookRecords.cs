using CreditLedger.Api.Json;
namespace CreditLedger.Api.Outbox;

// A webhook and one of its deliveries as the store reads them (also their wire shapes).

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1005","url":"https://hooks.example.com/creditledger","events":["balance.low","balance.depleted","balance.recovered"],"description":"Ops alerts","createdAt":"2026-11-20T10:00:00Z"}""")]
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> Events, string? Description, DateTimeOffset CreatedAt);

[OpenApiExample("""{"id":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1008","eventId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1006","type":"balance.low","status":"succeeded","attempts":1,"lastResponseStatus":200,"nextAttemptAt":null,"createdAt":"2026-11-21T08:15:00Z"}""")]
public sealed record DeliveryResponse(
    Guid Id, Guid EventId, string Type, string Status, int Attempts, int? LastResponseStatus, DateTimeOffset? NextAttemptAt, DateTimeOffset CreatedAt);
