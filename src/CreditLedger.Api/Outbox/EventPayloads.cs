namespace CreditLedger.Api.Outbox;

// The `data` of each webhook event, one record per type, so the body a receiver gets and the schema the OpenAPI document
// publishes for it (components `<Type>Event`) come from one definition. Currencies are wire names.

public sealed record CycleWindowData(DateTimeOffset Start, DateTimeOffset End);

public sealed record BalanceLowData(string Currency, decimal Available, decimal Threshold);

public sealed record BalanceDepletedData(string Currency, decimal Required, decimal Available);

public sealed record BalanceRecoveredData(string Currency, decimal Available);

public sealed record LimitNameData(string Scope, string ScopeId);

public sealed record SpendLimitReachedData(LimitNameData Limit, string Currency, decimal Required, decimal Available, CycleWindowData Cycle);

public sealed record GrantExpiringData(Guid GrantId, string Currency, string Source, decimal Remaining, DateTimeOffset ExpiresAt);

public sealed record RenewedCycleData(DateTimeOffset Start, DateTimeOffset End, int Index);

public sealed record IssuedGrantData(Guid GrantId, string Currency, string Source, decimal Amount, DateTimeOffset? ExpiresAt);

public sealed record CycleRenewedData(RenewedCycleData Cycle, IReadOnlyList<IssuedGrantData> Grants);

public sealed record RolloverForfeitedData(string Currency, decimal Unused, decimal Carried, decimal Forfeited, CycleWindowData Cycle);

/// <summary>Both top-up events: the grant an auto top-up rule made (pending for top_up.requested, active for top_up.granted).</summary>
public sealed record TopUpData(Guid GrantId, string Currency, decimal Amount, decimal UnitPrice);

public sealed record PingData(Guid WebhookId);

/// <summary>Each event type's data record, for the OpenAPI document.</summary>
public static class EventPayloads
{
    public static IReadOnlyDictionary<string, Type> DataTypes { get; } = new Dictionary<string, Type>
    {
        [EventTypes.BalanceLow] = typeof(BalanceLowData),
        [EventTypes.BalanceDepleted] = typeof(BalanceDepletedData),
        [EventTypes.BalanceRecovered] = typeof(BalanceRecoveredData),
        [EventTypes.SpendLimitReached] = typeof(SpendLimitReachedData),
        [EventTypes.GrantExpiring] = typeof(GrantExpiringData),
        [EventTypes.CycleRenewed] = typeof(CycleRenewedData),
        [EventTypes.RolloverForfeited] = typeof(RolloverForfeitedData),
        [EventTypes.TopUpRequested] = typeof(TopUpData),
        [EventTypes.TopUpGranted] = typeof(TopUpData),
        [EventTypes.Ping] = typeof(PingData),
    };
}
