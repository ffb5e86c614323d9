using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>The book's spend limits: checked before a debit, counted by every debit, release and reversal of this cycle.</summary>
public sealed partial class WorkspaceBook
{
    public SpendControls Spend { get; } = new();

    /// <summary>The first spend limit <paramref name="cost"/> would overrun; checked after <see cref="FindShortfall"/>.</summary>
    public LimitBreach? FindLimitBreach(Cost cost, SpendSubject subject) => Spend.FindBreach(cost, subject, CycleIndex);

    private static SpendSubject SubjectOf(EntryContext context) => new(context.UserId, context.ApiKeyId, context.ResourceId);

    /// <summary>
    /// Counts a move of spend against the origin's limits when the origin lies in this cycle (no earlier cycle's counter
    /// moves). A workspace without limits skips the cycle arithmetic: this runs for every debit on the ingest path.
    /// </summary>
    private void CountSpend(Currency currency, decimal amount, SpendOrigin origin)
    {
        if (!Spend.CapsNothing && InCurrentCycle(origin.CountedAt))
        {
            Spend.Count(currency, amount, origin.Subject, CycleIndex);
        }
    }

    /// <summary>Whether an instant lies in the book's current cycle: only this cycle's spending moves its counters back.</summary>
    private bool InCurrentCycle(DateTimeOffset instant) => BillingCycle.At(BillingAnchor, instant).Index == CycleIndex;
}
