using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Api.Outbox;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The book's auto top-up: after each charge or hold that leaves a currency below its rule's threshold, and after a refusal
/// for credit, one purchase grant in the same transaction, within the rule's cycle maximum and one pending at a time.
/// </summary>
public sealed partial class WorkspaceBook
{
    private readonly TopUpState?[] topUps = new TopUpState?[2];

    /// <summary>The currency's rule as read under the lock; null when none is set.</summary>
    public TopUpState? TopUpRule(Currency currency) => topUps[(int)currency];

    public void RestoreTopUpRule(Currency currency, TopUpState state) => topUps[(int)currency] = state;

    /// <summary>After a charge or hold drew on <paramref name="currency"/>: a top-up when it left available below the threshold.</summary>
    private void TopUpIfBelow(Currency currency)
    {
        if (TopUpRule(currency) is { } state && Available(currency) < state.Rule.Below)
        {
            TopUp(currency, state);
        }
    }

    /// <summary>After a charge or hold refused for <paramref name="currency"/>: a top-up whatever available is, as the rule allows.</summary>
    public void TopUpAfterRefusal(Currency currency)
    {
        if (TopUpRule(currency) is { } state)
        {
            TopUp(currency, state);
        }
    }

    private void TopUp(Currency currency, TopUpState state)
    {
        var rule = state.Rule;
        var request = rule.Mode == TopUpModes.Request;
        // A grant the ceiling refuses is not made and not counted; a pending one is checked when it is activated.
        if (!state.MayTopUp(CycleIndex) || (!request && RefuseAboveCeiling(currency, rule.Amount) is not null))
        {
            return;
        }

        var grant = request
            ? AddPendingGrant(currency, rule.Amount, GrantSources.Purchase, expiresAt: null, rule.UnitPrice, autoTopUp: true)
            : AddGrant(currency, rule.Amount, GrantSources.Purchase, Now, expiresAt: null, unitPrice: rule.UnitPrice, autoTopUp: true);
        state.Count(CycleIndex);
        Alerts.Raise(WorkspaceId, request ? EventTypes.TopUpRequested : EventTypes.TopUpGranted, Now,
            new TopUpData(grant.Id, currency.ToWire(), grant.Amount, grant.UnitPrice));
    }

    /// <summary>Before a grant is activated or voided: a pending top-up that leaves pending lets its rule request the next one.</summary>
    private void PendingTopUpSettled(GrantState grant)
    {
        if (grant is { AutoTopUp: true, Status: GrantStatuses.Pending } && TopUpRule(grant.Currency) is { } state)
        {
            state.Pending = false;
        }
    }
}
