using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Rules;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Engine;

/// <summary>The book's alerts: balance thresholds evaluated once per transaction, so a batch that crosses one raises one event.</summary>
public sealed partial class WorkspaceBook
{
    public AlertBook Alerts { get; } = new();

    /// <summary>
    /// Runs at commit, after everything the transaction appended: a grant into a depleted currency raises
    /// <c>balance.recovered</c>; a currency now below its threshold raises <c>balance.low</c> once, armed again when it
    /// is back at the threshold or above.
    /// </summary>
    public void EvaluateBalanceAlerts()
    {
        foreach (var currency in CurrencyNames.All)
        {
            if (Alerts.Depleted(currency) && NewEntries.Any(e => e.Type == EntryTypes.Grant && e.Currency == currency))
            {
                Alerts.SetDepleted(currency, false);
                Alerts.Raise(WorkspaceId, EventTypes.BalanceRecovered, Now, new BalanceRecoveredData(currency.ToWire(), Available(currency)));
            }

            var below = Alerts.LowBalance[(int)currency] is { } threshold && Available(currency) < threshold;
            if (below && !Alerts.LowRaised(currency))
            {
                Alerts.SetLowRaised(currency, true);
                Alerts.Raise(WorkspaceId, EventTypes.BalanceLow, Now,
                    new BalanceLowData(currency.ToWire(), Available(currency), Alerts.LowBalance[(int)currency]!.Value));
            }
            else if (!below && Alerts.LowRaised(currency))
            {
                Alerts.SetLowRaised(currency, false);
            }
        }
    }

    /// <summary>A 402 insufficient-credits recorded in its own transaction: depleted once, until a grant raises the currency.</summary>
    public void MarkDepleted(Shortfall shortfall)
    {
        if (Alerts.Depleted(shortfall.Currency) || Available(shortfall.Currency) >= shortfall.Required)
        {
            return; // raised already, or a grant arrived since the refusal: not depleted any more
        }

        Alerts.SetDepleted(shortfall.Currency, true);
        Alerts.Raise(WorkspaceId, EventTypes.BalanceDepleted, Now,
            new BalanceDepletedData(shortfall.Currency.ToWire(), shortfall.Required, Available(shortfall.Currency)));
    }

    /// <summary>The first touch of a new cycle: what was issued, and what the rollover cap forfeited.</summary>
    private void RaiseCycleEvents(CycleWindow cycle, IReadOnlyDictionary<Currency, (decimal Unused, decimal Carried)> carry)
    {
        foreach (var (currency, (unused, carried)) in carry.Where(c => c.Value.Unused > c.Value.Carried))
        {
            Alerts.Raise(WorkspaceId, EventTypes.RolloverForfeited, Now,
                new RolloverForfeitedData(currency.ToWire(), unused, carried, unused - carried, new CycleWindowData(cycle.Start, cycle.End)));
        }

        var issued = Grants.Values.Where(g => g.IsNew && g.CycleIndex == cycle.Index)
            .Select(g => new IssuedGrantData(g.Id, g.Currency.ToWire(), g.Source, g.Amount, g.ExpiresAt));
        Alerts.Raise(WorkspaceId, EventTypes.CycleRenewed, Now, new CycleRenewedData(new RenewedCycleData(cycle.Start, cycle.End, cycle.Index), issued.ToList()));
    }
}
