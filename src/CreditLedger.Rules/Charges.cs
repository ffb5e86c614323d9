namespace CreditLedger.Rules;

/// <summary>What one unit of a provider service costs, as priced in the catalog.</summary>
public readonly record struct ServicePrice(decimal Actions, decimal DataCredits, ChargePolicy Policy);

/// <summary>An amount per currency; zero amounts are never written to the ledger.</summary>
public readonly record struct Cost(decimal Actions, decimal DataCredits)
{
    public static Cost Zero => default;

    public decimal this[Currency currency] => currency == Currency.Actions ? Actions : DataCredits;

    public bool IsZero => Actions == 0 && DataCredits == 0;

    /// <summary>What two pieces of work cost together (an estimate of a run sums its items).</summary>
    public static Cost operator +(Cost left, Cost right) => new(left.Actions + right.Actions, left.DataCredits + right.DataCredits);
}

/// <summary>The charge rules: workspaces pay only for work the provider did, as its policy says.</summary>
public static class ChargeRules
{
    /// <summary>Whether an enrichment with this outcome is billable under the policy.</summary>
    public static bool IsBillable(ChargePolicy policy, Outcome outcome) => outcome switch
    {
        Outcome.Success => true,
        Outcome.NotFound => policy == ChargePolicy.PerAttempt,
        _ => false,
    };

    /// <summary>Cost of an enrichment; with its own provider key the workspace pays actions only.</summary>
    public static Cost ForEnrichment(ServicePrice price, Outcome outcome, int quantity, bool ownApiKey)
    {
        if (!IsBillable(price.Policy, outcome))
        {
            return Cost.Zero;
        }

        return new Cost(price.Actions * quantity, ownApiKey ? 0 : price.DataCredits * quantity);
    }

    /// <summary>Platform work (table runs, AI calls, exports, sends): one action each, on success only.</summary>
    public static Cost ForPlatformWork(Outcome outcome, int quantity) =>
        outcome == Outcome.Success ? new Cost(quantity, 0) : Cost.Zero;

    /// <summary>The most a reservation can cost: what a successful outcome would be charged.</summary>
    public static Cost MaximumHold(ServicePrice price, int quantity, bool ownApiKey) =>
        ForEnrichment(price, Outcome.Success, quantity, ownApiKey);
}
