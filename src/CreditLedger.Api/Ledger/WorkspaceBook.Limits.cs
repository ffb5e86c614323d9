using CreditLedger.Api.Ledger.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Ledger;

/// <summary>The book's spend limits: checked before a debit, counted by every debit, release and reversal of this cycle.</summary>
public sealed partial class WorkspaceBook
{
    public SpendControls Spend { get; } = new();

    /// <summary>The first spend limit <paramref name="cost"/> would overrun; checked after <see cref="FindShortfall"/>.</summary>
    public LimitBreach? FindLimitBreach(Cost cost, SpendSubject subject) => Spend.FindBreach(cost, subject, CycleIndex);

    private static SpendSubject SubjectOf(EntryContext context) => new(context.UserId, context.ApiKeyId, context.ResourceId);

    /// <summary>Whether an instant lies in the book's current cycle: only this cycle's spending moves its counters back.</summary>
    private bool InCurrentCycle(DateTimeOffset instant) => BillingCycle.At(BillingAnchor, instant).Index == CycleIndex;
}
