using System.Text.Json;
using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Outbox;

/// <summary>The contract's webhook event types.</summary>
public static class EventTypes
{
    public const string BalanceLow = "balance.low";
    public const string BalanceDepleted = "balance.depleted";
    public const string BalanceRecovered = "balance.recovered";
    public const string SpendLimitReached = "spend_limit.reached";
    public const string GrantExpiring = "grant.expiring";
    public const string CycleRenewed = "cycle.renewed";
    public const string RolloverForfeited = "rollover.forfeited";
    public const string TopUpRequested = "top_up.requested";
    public const string TopUpGranted = "top_up.granted";
    public const string Ping = "ping";

    public static IReadOnlyList<string> All { get; } =
        [BalanceLow, BalanceDepleted, BalanceRecovered, SpendLimitReached, GrantExpiring, CycleRenewed, RolloverForfeited, TopUpRequested, TopUpGranted, Ping];
}

/// <summary>An event in the outbox: the body is the JSON delivered and signed, byte for byte.</summary>
public sealed record OutboxEvent(Guid WorkspaceId, Guid Id, string Type, string Body, DateTimeOffset CreatedAt, Guid? OnlyWebhookId = null)
{
    /// <summary>
    /// A new event with the contract's body <c>{id, type, workspaceId, createdAt, data}</c>; with <paramref name="onlyWebhookId"/>
    /// it goes to that webhook alone (a ping), else to every webhook subscribed to its type.
    /// </summary>
    public static OutboxEvent Create(Guid workspaceId, string type, DateTimeOffset now, object data, Guid? onlyWebhookId = null)
    {
        var id = Uuid7.Next(now);
        var body = JsonSerializer.Serialize(new EventBody(id, type, workspaceId, now, data), JsonSetup.Options);
        return new OutboxEvent(workspaceId, id, type, body, now, onlyWebhookId);
    }
}

/// <summary>The contract's event body: <c>{id, type, workspaceId, createdAt, data}</c>.</summary>
public sealed record EventBody(Guid Id, string Type, Guid WorkspaceId, DateTimeOffset CreatedAt, object Data);
