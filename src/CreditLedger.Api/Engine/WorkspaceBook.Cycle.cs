using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>The book's billing cycle: crossing a boundary (expiry, rollover, the new allowance) and plan changes.</summary>
public sealed partial class WorkspaceBook
{
    /// <summary>
    /// Brings the book up to now: expired remainders become expiry entries, and the first touch of a new cycle carries
    /// the last active cycle's unused subscription and rollover credit over (up to the plan's cap, as a rollover grant)
    /// and issues the cycle's plan allowance. Unique indexes make a second issue of either impossible; however many
    /// cycles passed untouched, there is one carry, from the last active cycle, capped.
    /// </summary>
    public void CatchUp()
    {
        var cycle = Cycle;
        var crossing = cycle.Index > CycleIndex;
        var before = NewEntries.Count;
        CatchUpTo(cycle, crossing);
        CaughtUp |= crossing || NewEntries.Count > before;
    }

    /// <summary>
    /// Whether taking the lock moved the workspace: a grant lapsed or a cycle began. A transaction that otherwise writes
    /// nothing (an estimate) commits only then, as a read's catch-up would.
    /// </summary>
    public bool CaughtUp { get; private set; }

    private void CatchUpTo(CycleWindow cycle, bool crossing)
    {
        // Read before the expiry below zeroes them: what the ending cycle left of its plan credit.
        var unused = crossing ? CurrencyNames.All.ToDictionary(c => c, c => UnusedPlanCredit(c, cycle.Start)) : null;
        ExpireLapsedGrants();
        if (!crossing)
        {
            return;
        }

        CycleIndex = cycle.Index;
        var carry = new Dictionary<Currency, (decimal Unused, decimal Carried)>();
        foreach (var currency in CurrencyNames.All)
        {
            var carried = Rules.Rollover.Split(unused![currency], RolloverCap(currency)).Carried;
            carry[currency] = (unused[currency], carried);
            if (carried > 0)
            {
                AddGrant(currency, carried, GrantSources.Rollover, cycle.Start, cycle.End, cycle.Index, PlanUnitPrice(currency));
            }

            var allowance = PlanAllowance(currency);
            cycleGranted[(int)currency] = allowance;
            if (allowance > 0)
            {
                AddGrant(currency, allowance, GrantSources.Subscription, cycle.Start, cycle.End, cycle.Index, PlanUnitPrice(currency));
            }
        }

        RaiseCycleEvents(cycle, carry);
    }

    public decimal PlanAllowance(Currency currency) => currency == Currency.Actions ? PlanActions : PlanDataCredits;

    public decimal RolloverCap(Currency currency) => currency == Currency.Actions ? RolloverActions : RolloverDataCredits;

    /// <summary>The price the plan's grants of the currency are made at (subscription, rollover, a raise's difference).</summary>
    public decimal PlanUnitPrice(Currency currency) => currency == Currency.Actions ? PlanUnitPriceActions : PlanUnitPriceDataCredits;

    /// <summary>The remainders of subscription and rollover grants that lapse by <paramref name="boundary"/>.</summary>
    private decimal UnusedPlanCredit(Currency currency, DateTimeOffset boundary) =>
        Grants.Values.Where(g => g.Currency == currency && g.Remaining > 0 && g.ExpiresAt <= boundary
                && g.Source is GrantSources.Subscription or GrantSources.Rollover)
            .Sum(g => g.Remaining);

    /// <summary>
    /// Changes the plan. A raise takes effect now: what the new allowance exceeds the highest allowance this cycle
    /// has already granted is granted for the rest of the cycle. Lowering takes nothing back, and raising again
    /// after a lowering grants nothing twice.
    /// </summary>
    public void ChangePlan(PlanTerms plan)
    {
        (PlanActions, PlanDataCredits) = (plan.Actions, plan.DataCredits);
        (RolloverActions, RolloverDataCredits) = (plan.RolloverActions, plan.RolloverDataCredits);
        (PlanUnitPriceActions, PlanUnitPriceDataCredits) = (plan.UnitPriceActions, plan.UnitPriceDataCredits);
        var cycle = Cycle;
        foreach (var currency in CurrencyNames.All)
        {
            var raise = PlanAllowance(currency) - CycleGranted(currency);
            if (raise > 0)
            {
                AddGrant(currency, raise, GrantSources.Subscription, Now, cycle.End, unitPrice: PlanUnitPrice(currency));
                cycleGranted[(int)currency] = PlanAllowance(currency);
            }
        }
    }
}
