using CreditLedger.Rules;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Engine.Alerts;

/// <summary>A refused charge or hold whose event (balance.depleted, spend_limit.reached) is recorded after its transaction.</summary>
public sealed record RefusedCharge(Shortfall? Shortfall, LimitBreach? Breach, int CycleIndex);

/// <summary>
/// One workspace's alerting as the book holds it under the lock: the types its webhooks subscribe to, the low-balance
/// thresholds, and the state that makes each alert fire once (per crossing, per depletion). Events are raised only for
/// subscribed types, so a workspace without webhooks writes nothing.
/// </summary>
public sealed class AlertBook
{
    private const int LowRaisedBit = 1;
    private const int DepletedBit = 4;

    public HashSet<string> Subscribed { get; } = [];

    public decimal?[] LowBalance { get; } = new decimal?[2];

    /// <summary>Bits 0/1: low balance raised per currency; bits 2/3: depleted per currency (stored on the head row).</summary>
    public int State { get; set; }

    public List<OutboxEvent> NewEvents { get; } = [];

    private readonly List<RefusedCharge> refusals = [];

    /// <summary>Charges refused in this transaction, whose alerts are recorded once the lock is released.</summary>
    public IReadOnlyList<RefusedCharge> Refusals => refusals;

    /// <summary>The refusals not yet alerted, handed over once (the alerting transaction takes them).</summary>
    public List<RefusedCharge> TakeRefusals()
    {
        var taken = refusals.ToList();
        refusals.Clear();
        return taken;
    }

    public bool Wants(string type) => Subscribed.Contains(type);

    public bool LowRaised(Currency currency) => (State & (LowRaisedBit << (int)currency)) != 0;

    public bool Depleted(Currency currency) => (State & (DepletedBit << (int)currency)) != 0;

    public void SetLowRaised(Currency currency, bool on) => State = Set(State, LowRaisedBit << (int)currency, on);

    public void SetDepleted(Currency currency, bool on) => State = Set(State, DepletedBit << (int)currency, on);

    public void Raise(Guid workspaceId, string type, DateTimeOffset now, object data)
    {
        if (Wants(type))
        {
            NewEvents.Add(OutboxEvent.Create(workspaceId, type, now, data));
        }
    }

    /// <summary>Notes a 402 whose event is still to be recorded: only when subscribed and not already raised for this state.</summary>
    public void Refused(Shortfall? shortfall, LimitBreach? breach, int cycleIndex)
    {
        var wanted = shortfall is { } s ? Wants(EventTypes.BalanceDepleted) && !Depleted(s.Currency) : Wants(EventTypes.SpendLimitReached);
        if (wanted)
        {
            refusals.Add(new RefusedCharge(shortfall, breach, cycleIndex));
        }
    }

    private static int Set(int state, int bit, bool on) => on ? state | bit : state & ~bit;
}
