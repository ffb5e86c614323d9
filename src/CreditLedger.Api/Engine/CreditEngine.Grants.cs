using CreditLedger.Api.Engine.Limits;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>Adds credit (purchase, promotion, adjustment), refused above the most a workspace may hold. Idempotent by key.</summary>
    public async Task<EngineResult<GrantResponse>> GrantAsync(GrantCredits command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        if (await Idempotency.RepeatAsync<GrantResponse>(session, book, IdempotencyScopes.Grant, command.IdempotencyKey, command.RequestHash, ct)
            is { } repeat)
        {
            return repeat;
        }

        // Refused before anything is appended; the key stays unused so a smaller grant may use it.
        if (!command.Pending && book.RefuseAboveCeiling(command.Currency, command.Amount) is { } refusal)
        {
            return refusal;
        }

        // A pending grant waits for its payment: it writes no entry and adds no credit, so the ceiling is checked when it is activated.
        var grant = command.Pending
            ? book.AddPendingGrant(command.Currency, command.Amount, command.Source, command.ExpiresAt, command.UnitPrice)
            : book.AddGrant(command.Currency, command.Amount, command.Source, book.Now, command.ExpiresAt, unitPrice: command.UnitPrice);
        var response = grant.ToResponse();
        Idempotency.Remember(book, IdempotencyScopes.Grant, command.IdempotencyKey, command.RequestHash, 201, response);
        await session.CommitAsync();
        return new EngineResult<GrantResponse>.Done(response);
    }

    /// <summary>Appends the opposite of a grant or charge entry, once per entry (<see cref="WorkspaceBook.Reverse"/>).</summary>
    public async Task<EngineResult<LedgerEntryResponse>> ReverseAsync(ReverseEntry command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        var original = await LedgerReader.FindAsync(session.Connection, command.WorkspaceId, command.EntryId, ct);
        if (original is null)
        {
            return Refusal.Missing("No such ledger entry in this workspace.");
        }

        if (await LedgerReader.IsReversedAsync(session.Connection, command.WorkspaceId, command.EntryId, ct))
        {
            return Refusal.Conflict("This entry has already been reversed.");
        }

        await LedgerStore.LoadGrantsAsync(session.Connection, book, original.GrantId is { } g ? [g] : [], ct);
        await SpendLimitStore.LoadPathsAsync(session.Connection, book, [original.ResourceId], ct);
        var origin = await LedgerReader.SpendOriginAsync(session.Connection, original, ct);
        if (book.Reverse(original, command.Reason, origin, out var entry) is { } refusal)
        {
            return refusal;
        }

        await session.CommitAsync();
        return new EngineResult<LedgerEntryResponse>.Done(entry!.ToResponse());
    }

    /// <summary>The workspace's grants (only those with credit left and not expired when <paramref name="activeOnly"/>).</summary>
    public async Task<List<GrantResponse>> ListGrantsAsync(Guid workspaceId, bool activeOnly, CancellationToken ct)
    {
        await CatchUpAsync(workspaceId, ct);
        return await GrantReader.ListAsync(database, workspaceId, activeOnly, clock.GetUtcNow(), ct);
    }

    /// <summary>Available and held credit per currency and the current cycle, after the cycle boundary is applied.</summary>
    public async Task<BalanceResponse?> BalanceAsync(Guid workspaceId, CancellationToken ct, DateTimeOffset? asOf = null)
    {
        var now = asOf ?? clock.GetUtcNow();
        await CatchUpAsync(workspaceId, ct);
        return await GrantReader.BalanceAsync(database, workspaceId, now, ct);
    }
}
