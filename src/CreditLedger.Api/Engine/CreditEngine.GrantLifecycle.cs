using CreditLedger.Api.Engine.Reservations;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>
    /// Activates a pending grant under the workspace lock: its grant entry is appended now. Again on an active grant: the
    /// same answer. Refused for a voided grant, one whose expiry has passed, or one the balance ceiling does not allow.
    /// </summary>
    public async Task<EngineResult<GrantResponse>> ActivateGrantAsync(ActivateGrant command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        if (await FindGrantAsync(session, book, command.GrantId, ct) is not { } grant)
        {
            return Refusal.Missing("No such grant in this workspace.");
        }

        if (grant.Status == GrantStatuses.Active)
        {
            return new EngineResult<GrantResponse>.Done(grant.ToResponse(), Created: false);
        }

        if (grant.Status == GrantStatuses.Voided)
        {
            return Refusal.Conflict("The grant was voided; a voided grant cannot be activated.");
        }

        if (grant.IsExpiredAt(book.Now))
        {
            return Refusal.Conflict("The grant's expiresAt has passed; it can no longer be activated.");
        }

        if (book.RefuseAboveCeiling(grant.Currency, grant.Amount) is { } refusal)
        {
            return refusal;
        }

        book.Activate(grant);
        await session.CommitAsync();
        return new EngineResult<GrantResponse>.Done(grant.ToResponse(), Created: false);
    }

    /// <summary>
    /// Voids a grant under the workspace lock, after due expiries: a pending one with no entry, an active one with one
    /// <c>void</c> entry for what remains. Again: the same answer. Refused for the plan's own grants (subscription,
    /// rollover) and for a grant a pending reservation holds credit on.
    /// </summary>
    public async Task<EngineResult<GrantResponse>> VoidGrantAsync(VoidGrant command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        if (await FindGrantAsync(session, book, command.GrantId, ct) is not { } grant)
        {
            return Refusal.Missing("No such grant in this workspace.");
        }

        if (grant.Status == GrantStatuses.Voided)
        {
            return new EngineResult<GrantResponse>.Done(grant.ToResponse(), Created: false);
        }

        if (grant.Source is GrantSources.Subscription or GrantSources.Rollover)
        {
            return Refusal.Conflict($"A {grant.Source} grant is the plan's and cannot be voided; change the plan instead.");
        }

        if (grant.Status == GrantStatuses.Active && await EnrichmentRow.HoldsOnGrantAsync(session.Connection, command.WorkspaceId, grant.Id, ct))
        {
            return Refusal.Conflict("A pending reservation holds credit of this grant; settle or cancel it first.");
        }

        book.Void(grant, command.Reason);
        await session.CommitAsync();
        return new EngineResult<GrantResponse>.Done(grant.ToResponse(), Created: false);
    }

    private static async Task<GrantState?> FindGrantAsync(LedgerSession session, WorkspaceBook book, Guid grantId, CancellationToken ct)
    {
        await LedgerStore.LoadGrantsAsync(session.Connection, book, [grantId], ct);
        return book.Grants.GetValueOrDefault(grantId);
    }
}
