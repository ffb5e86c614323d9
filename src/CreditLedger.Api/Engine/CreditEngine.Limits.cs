using CreditLedger.Api.Engine.Limits;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>
    /// Sets the caps of one user, key or resource (or the workbook default), then re-counts this cycle's spend against
    /// every limit from the ledger, so a new limit starts from what was already spent.
    /// </summary>
    public async Task<EngineResult<SpendLimitReading?>> SetSpendLimitAsync(SetSpendLimit command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        var (scope, id) = Stored(command.Target);
        if (command.Target is { } target
            && !await SpendLimitSettings.ScopeExistsAsync(session.Connection, command.WorkspaceId, target.Scope, target.Id, ct))
        {
            return Refusal.Missing(LimitScopeNames.UnknownTarget(target.Scope, target.Id));
        }

        await SpendLimitSettings.UpsertAsync(session.Connection, command.WorkspaceId, scope, id, command.Caps, book.Now, ct);
        book.Spend.Set(command.Target, command.Caps);
        await SpendRecount.RunAsync(session.Connection, book, ct);
        await session.CommitAsync();
        var reading = command.Target is { } set ? new SpendLimitReading(book.Cycle, book.Spend.Describe(set.Scope, set.Id, book.CycleIndex)!) : null;
        return new EngineResult<SpendLimitReading?>.Done(reading, Created: false);
    }

    /// <summary>Removes a limit (or the workbook default) and re-counts the rest; refused when none was set.</summary>
    public async Task<EngineResult<bool>> RemoveSpendLimitAsync(RemoveSpendLimit command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return Refusal.UnknownWorkspace;
        }

        var (scope, id) = Stored(command.Target);
        if (!await SpendLimitSettings.DeleteAsync(session.Connection, command.WorkspaceId, scope, id, ct))
        {
            return Refusal.Missing(command.Target is { } target
                ? $"No spend limit is set for {target.Scope.ToWire()} '{target.Id}'."
                : "No default workbook limit is set.");
        }

        book.Spend.Set(command.Target, null);
        await SpendRecount.RunAsync(session.Connection, book, ct);
        await session.CommitAsync();
        return new EngineResult<bool>.Done(true, Created: false);
    }

    /// <summary>Every limit that was set, with what its scope spent this cycle.</summary>
    public Task<List<SpendLimitReading>> ListSpendLimitsAsync(Guid workspaceId, CancellationToken ct) =>
        SpendLimitSettings.ListAsync(database, workspaceId, clock.GetUtcNow(), ct);

    /// <summary>The workbook default's caps; null when none is set.</summary>
    public Task<LimitCaps?> WorkbookDefaultAsync(Guid workspaceId, CancellationToken ct) => SpendLimitSettings.WorkbookDefaultAsync(database, workspaceId, ct);

    /// <summary>The stored scope and id of a limit: the workbook default is stored under its own scope name with no id.</summary>
    private static (string Scope, string Id) Stored((Rules.LimitScope Scope, string Id)? target) =>
        target is { } t ? (t.Scope.ToWire(), t.Id) : (LimitScopeNames.WorkbookDefault, "");
}
