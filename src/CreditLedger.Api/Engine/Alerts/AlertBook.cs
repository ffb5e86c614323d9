using CreditLedger.Rules;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Engine.Alerts;

/// <summary>
/// A refused charge or hold whose follow-up is recorded after its transaction: its event (balance.depleted, spend_limit.reached)
/// when <paramref name="Alert"/>, and an auto top-up of the short currency when <paramref name="TopUp"/>.
/// </summary>
public sealed record RefusedCharge(Shortfall? Shortfall, LimitBreach? Breach, int CycleIndex, bool Alert = true, bool TopUp = false);

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

    /// <summary>
    /// Notes a 402 whose follow-up is still to be recorded: its event only when subscribed and not already raised for this
    /// state; a top-up when the short currency's rule may make one (<paramref name="topUp"/>).
    /// </summary>
    public void Refused(Shortfall? shortfall, LimitBreach? breach, int cycleIndex, bool topUp = false)
    {
        var alert = shortfall is { } s ? Wants(EventTypes.BalanceDepleted) && !Depleted(s.Currency) : Wants(EventTypes.SpendLimitReached);
        if (alert || topUp)
        {
            refusals.Add(new RefusedCharge(shortfall, breach, cycleIndex, alert, topUp));
        }
    }

    private static int Set(int state, int bit, bool on) => on ? state | bit : state & ~bit;
}
