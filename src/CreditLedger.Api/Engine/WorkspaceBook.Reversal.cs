using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

public sealed partial class WorkspaceBook
{
    /// <summary>
    /// Appends the opposite of a grant or charge entry. A reversed charge gives the credit back to the grant
    /// that paid it and nets out of reports in the original usage's hour, and leaves the spend counters it counted
    /// against (<paramref name="charged"/>, from <see cref="LedgerReader.SpendOriginAsync"/>: for a settled reservation's
    /// charge, the reservation's key and cycle); a
    /// reversed grant takes back what is still unspent of it. A refusal (nothing appended) when the entry cannot be reversed.
    /// </summary>
    public Refusal? Reverse(LedgerEntry original, string reason, SpendOrigin charged, out LedgerEntry? reversal)
    {
        reversal = null;
        if (original.Type is not (EntryTypes.Grant or EntryTypes.Charge) || original.GrantId is not { } grantId)
        {
            return Refusal.Conflict($"A '{original.Type}' entry cannot be reversed; only grant and charge entries can.");
        }

        var grant = Grants[grantId];
        if (original.Type == EntryTypes.Grant && grant.Remaining < original.Amount)
        {
            return Refusal.Conflict("The grant has already been partly spent or expired, so it cannot be reversed.");
        }

        ChangeRemaining(grantId, -original.Amount);
        // The reversal keeps what the entry was about (its usage, user, resource); its own key is the admin's (none).
        var context = original.Context with { ApiKeyId = null };
        reversal = Append(EntryTypes.Reversal, original.Currency, -original.Amount, context, grantId, original.Id, reason, original.Type);
        if (original.Type == EntryTypes.Charge)
        {
            // The charge counted against the limits it was counted against when made; only this cycle's counters move back.
            CountSpend(original.Currency, original.Amount, charged);
        }
        if (original.UsageId is not null)
        {
            // A charge entry has a negative amount; its reversal reduces reported spending by the same.
            // ...and nets out under the key that recorded the charge, like every other dimension.
            Rollups.Add(original.Context,
                original.Currency == Currency.Actions ? original.Amount : 0,
                original.Currency == Currency.DataCredits ? original.Amount : 0, 0, 0, 0);
        }

        if (grant.Status == GrantStatuses.Voided)
        {
            // Credit a refund returns to a voided grant is not the workspace's again: it leaves as the grant's void did.
            VoidRemaining(grant, $"The grant is void; the refund of entry {original.Id} is voided with it.");
        }

        ExpireLapsedGrants();
        return null;
    }
}
