namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>One event: queued for the next group commit and answered after the commit that holds it.</summary>
    public Task<EngineResult<UsageRecorded>> RecordUsageAsync(RecordUsage command, CancellationToken ct) =>
        committer.RecordAsync(command.WorkspaceId, command.Event, command.RequestHash, ct);

    /// <summary>
    /// Every event of a batch against the locked workspace in one transaction (committed when anything was recorded),
    /// each with the same rules as alone; a null result for the items the edge refused.
    /// </summary>
    public async Task<EngineResult<UsageRecorded>?[]> RecordBatchAsync(RecordUsageBatch command, CancellationToken ct)
    {
        var (results, book) = await RecordBatchUnderLockAsync(command, ct);
        // Once the lock is released: a refusal's alert is recorded in a transaction of its own, even when the client has gone.
        await alerts.RecordAsync(book is null ? [] : [book], CancellationToken.None);
        return results;
    }

    private async Task<(EngineResult<UsageRecorded>?[] Results, WorkspaceBook? Book)> RecordBatchUnderLockAsync(RecordUsageBatch command, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(command.WorkspaceId, ct) is not { } book)
        {
            return ([.. command.Events.Select(e => e is null ? null : (EngineResult<UsageRecorded>)Refusal.UnknownWorkspace)], null);
        }

        var valid = new List<(Guid, string?, Guid?, string?)>(command.Events.Count);
        foreach (var e in command.Events)
        {
            if (e is { } item)
            {
                valid.Add((command.WorkspaceId, item.Event.IdempotencyKey, item.Event.UserId, item.Event.ResourceId));
            }
        }

        book.ExpectEvents(valid.Count);
        var prefetch = await UsagePrefetch.LoadAsync(session.Connection, valid, session.Books, ct);
        var results = command.Events
            .Select(e => e is { } item ? UsageRecorder.Record(book, item.Event, item.RequestHash, prefetch) : null).ToArray();
        if (results.Any(r => r is EngineResult<UsageRecorded>.Done))
        {
            await session.CommitAsync(ct);
        }

        return (results, book);
    }
}
