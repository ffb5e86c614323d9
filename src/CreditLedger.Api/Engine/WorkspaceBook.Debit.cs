using System.Runtime.InteropServices;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>The book's debits: a charge or hold drawn from its open grants in draw order.</summary>
public sealed partial class WorkspaceBook
{
    /// <summary>
    /// Draws the cost from grants in draw order: charge entries, or hold entries for a reservation.
    /// <paramref name="honoured"/> names grants that may pay although they lapsed: credit a hold reserved
    /// before its grant expired still pays for the work it was reserved for. The spend counts against the limits of whoever
    /// the context names, now, unless <paramref name="countAs"/> says otherwise (a settlement counts as its reservation).
    /// </summary>
    public void Debit(Cost cost, string entryType, EntryContext context, IReadOnlySet<Guid>? honoured = null, SpendOrigin? countAs = null)
    {
        var origin = countAs ?? new SpendOrigin(SubjectOf(context), Now);
        if (FindShortfall(cost) is { } shortfall)
        {
            throw new InvalidOperationException($"Debit of {shortfall.Currency} exceeds the available balance; check FindShortfall first.");
        }

        foreach (var currency in CurrencyNames.All)
        {
            var amount = cost[currency];
            if (amount == 0)
            {
                continue;
            }

            foreach (var allocation in Draw(currency, amount, honoured))
            {
                ChangeRemaining(allocation.GrantId, -allocation.Amount);
                Append(entryType, currency, -allocation.Amount, context, allocation.GrantId);
            }

            if (entryType == EntryTypes.Hold)
            {
                held[(int)currency] += amount;
            }

            CountSpend(currency, amount, origin);
            TopUpIfBelow(currency);
        }
    }

    // Scratch lists for Draw, reused: a debit runs for every event on the ingest path, and the book is used by one
    // thread at a time (its workspace is locked).
    private readonly List<DrawableGrant> drawable = [];
    private readonly List<Allocation> allocations = [];

    /// <summary>
    /// The split of <paramref name="amount"/> over the currency's open grants in <see cref="GrantDrawOrder"/>: those with
    /// credit left that have not lapsed, or that lapsed but are <paramref name="honoured"/>. Valid until the next draw.
    /// </summary>
    private List<Allocation> Draw(Currency currency, decimal amount, IReadOnlySet<Guid>? honoured)
    {
        drawable.Clear();
        foreach (var grant in grants.Values)
        {
            if (grant.Currency == currency && grant.Remaining > 0 && (!grant.IsExpiredAt(Now) || honoured?.Contains(grant.Id) == true))
            {
                drawable.Add(grant.ToDrawable());
            }
        }

        allocations.Clear();
        return GrantDrawOrder.TryAllocate(CollectionsMarshal.AsSpan(drawable), amount, allocations) ? allocations
            : throw new InvalidOperationException($"The open {currency.ToWire()} grants cannot cover {amount}; check FindShortfall first.");
    }
}
