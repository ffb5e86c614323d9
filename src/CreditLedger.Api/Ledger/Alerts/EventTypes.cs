namespace CreditLedger.Api.Ledger.Alerts;

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
    public const string Ping = "ping";

    public static IReadOnlyList<string> All { get; } =
        [BalanceLow, BalanceDepleted, BalanceRecovered, SpendLimitReached, GrantExpiring, CycleRenewed, RolloverForfeited, Ping];
}

/// <summary>An event in the outbox: the body is the JSON delivered and signed, byte for byte.</summary>
public sealed record OutboxEvent(Guid WorkspaceId, Guid Id, string Type, string Body, DateTimeOffset CreatedAt, Guid? OnlyWebhookId = null);

/// <summary>The contract's event body: <c>{id, type, workspaceId, createdAt, data}</c>.</summary>
public sealed record EventBody(Guid Id, string Type, Guid WorkspaceId, DateTimeOffset CreatedAt, object Data);
