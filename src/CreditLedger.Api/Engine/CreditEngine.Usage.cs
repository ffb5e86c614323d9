namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>One event: queued for the next group commit and answered after the commit that holds it.</summary>
    public Task<EngineResult<UsageRecorded>> RecordUsageAsync(RecordUsage command, CancellationToken ct) =>
        committer.RecordAsync(command.WorkspaceId, command.Usage, ct);

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
        // What the prefetch needs of each valid event, read from the events as it goes (a list of them was ~56 B per event),
        // in the lock's round trip.
        var prefetch = UsagePrefetch.For(command.Events.Where(e => e is not null)
            .Select(e => (command.WorkspaceId, (string?)e!.Value.Event.IdempotencyKey, e.Value.Event.UserId, e.Value.Event.ResourceId)));
        if (await session.LockAsync(command.WorkspaceId, ct, prefetch) is not { } book)
        {
            return ([.. command.Events.Select(e => e is null ? null : (EngineResult<UsageRecorded>)Refusal.UnknownWorkspace)], null);
        }

        book.ExpectEvents(command.Events.Count(e => e is not null));
        await prefetch.LoadPathsAsync(session.Connection, session.Books, ct);
        var results = command.Events
            .Select(e => e is { } item ? UsageRecorder.Record(book, item, prefetch) : null).ToArray();
        if (results.Any(r => r is EngineResult<UsageRecorded>.Done))
        {
            await session.CommitAsync();
        }

        return (results, book);
    }
}
