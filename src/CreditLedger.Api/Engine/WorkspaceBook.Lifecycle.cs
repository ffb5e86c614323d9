using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>The book's grant lifecycle: a grant waiting for payment, its activation, and voiding what is left of one.</summary>
public sealed partial class WorkspaceBook
{
    /// <summary>A grant that adds nothing until it is activated: no credit, no ledger entry, never drawn from.</summary>
    public GrantState AddPendingGrant(Currency currency, decimal amount, string source, DateTimeOffset? expiresAt, decimal unitPrice, bool autoTopUp = false)
    {
        var grant = new GrantState
        {
            Id = Uuid7.Next(),
            Currency = currency,
            Source = source,
            Amount = amount,
            Remaining = 0,
            EffectiveAt = Now,
            ExpiresAt = expiresAt,
            UnitPrice = unitPrice,
            Status = GrantStatuses.Pending,
            AutoTopUp = autoTopUp,
            IsNew = true,
        };
        grants[grant.Id] = grant;
        return grant;
    }

    /// <summary>A pending grant becomes active now: its whole amount becomes credit, with its grant entry appended now.</summary>
    public void Activate(GrantState grant)
    {
        PendingTopUpSettled(grant);
        grant.Status = GrantStatuses.Active;
        grant.EffectiveAt = Now;
        ChangeRemaining(grant.Id, grant.Amount);
        Append(EntryTypes.Grant, grant.Currency, grant.Amount, new EntryContext(Now), grant.Id);
    }

    /// <summary>
    /// The grant is voided: what remains of it leaves the balance as one <c>void</c> entry (none when nothing remains); what
    /// it already paid for stays paid. A pending grant is voided without an entry.
    /// </summary>
    public void Void(GrantState grant, string reason)
    {
        PendingTopUpSettled(grant);
        grant.Status = GrantStatuses.Voided;
        MarkChanged(grant);
        VoidRemaining(grant, reason);
    }

    /// <summary>Gives up a voided grant's remaining credit; also after a reversal paid credit back into it.</summary>
    private void VoidRemaining(GrantState grant, string reason)
    {
        if (grant.Remaining > 0)
        {
            var amount = grant.Remaining;
            ChangeRemaining(grant.Id, -amount);
            Append(EntryTypes.Void, grant.Currency, -amount, new EntryContext(Now), grant.Id, reason: reason);
        }
    }
}
