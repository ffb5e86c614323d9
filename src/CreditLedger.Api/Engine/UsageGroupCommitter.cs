using System.Threading.Channels;
using CreditLedger.Api.Engine.Alerts;
using Microsoft.Extensions.Options;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Group commit for single-event usage requests. Requests queue here; a writer takes everything queued (up to
/// <see cref="EngineOptions.GroupCommitMaxEvents"/>, waiting at most <see cref="EngineOptions.GroupCommitMaxDelay"/>
/// for more), locks the workspaces involved in id order, records every event with the same rules as alone,
/// and commits once. Each request is answered only after the commit that holds it. If a group fails, its events
/// are retried one by one, so one bad event cannot fail the others. Idle, a request is a group of one: no delay.
/// A group never waits for a workspace another transaction holds (a tenant's own batch, a reservation): it locks
/// with SKIP LOCKED, and the events of a busy workspace go to a slow lane that waits for that workspace alone, so
/// one tenant's long transactions cannot stall every other tenant's single events.
/// With several writers, each owns a fixed share of the workspaces (its own queue, by a hash of the workspace id):
/// their groups never want the same row locks, so one group is prepared and written while another waits for its
/// commit's WAL flush, instead of queueing behind it.
/// </summary>
public sealed class UsageGroupCommitter(
    LedgerSessionFactory ledger, RefusalAlerts refusalAlerts, IOptions<EngineOptions> options, ILogger<UsageGroupCommitter> logger)
    : BackgroundService
{
    private sealed record Pending(Guid WorkspaceId, KeyedUsage Usage, TaskCompletionSource<EngineResult<UsageRecorded>> Done)
    {
        public long QueuedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private readonly Channel<Pending>[] queues = [.. Enumerable.Range(0, Math.Max(1, options.Value.GroupCommitWriters)).Select(_ =>
        Channel.CreateBounded<Pending>(new BoundedChannelOptions(Math.Max(1, options.Value.GroupCommitQueueCapacity / Math.Max(1, options.Value.GroupCommitWriters)))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        }))];

    private readonly SemaphoreSlim slowLanes = new(Math.Max(1, options.Value.GroupCommitSlowLanes));
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> slowLaneTasks = new();
    private long groups;
    private long events;

    /// <summary>Groups committed so far (for tests and diagnostics).</summary>
    public long GroupsCommitted => Interlocked.Read(ref groups);

    /// <summary>Events in committed groups so far.</summary>
    public long EventsCommitted => Interlocked.Read(ref events);

    /// <summary>Queues one event and completes when its group has committed (or it was answered without writing).</summary>
    public async Task<EngineResult<UsageRecorded>> RecordAsync(Guid workspaceId, KeyedUsage usage, CancellationToken ct)
    {
        var pending = new Pending(workspaceId, usage, new TaskCompletionSource<EngineResult<UsageRecorded>>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await QueueOf(workspaceId).Writer.WriteAsync(pending, ct);
        }
        catch (ChannelClosedException)
        {
            throw new ServiceStoppingException();
        }

        // Once queued, the event is recorded even if the client goes away: a retry with its key will find it.
        return await pending.Done.Task;
    }

    /// <summary>The queue of the writer that owns this workspace: the same one for every event of it.</summary>
    private Channel<Pending> QueueOf(Guid workspaceId) => queues[(uint)workspaceId.GetHashCode() % (uint)queues.Length];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown: stop taking new events, then drain what is queued before the writers finish.
        await using var registration = stoppingToken.Register(() =>
        {
            foreach (var queue in queues)
            {
                queue.Writer.TryComplete();
            }
        });
        await Task.WhenAll(queues.Select(q => WriteGroupsAsync(q.Reader)));
        await Task.WhenAll(slowLaneTasks.Keys);
    }

    private async Task WriteGroupsAsync(ChannelReader<Pending> reader)
    {
        var maxEvents = Math.Max(1, options.Value.GroupCommitMaxEvents);
        while (await reader.WaitToReadAsync())
        {
            var group = new List<Pending>(maxEvents);
            while (group.Count < maxEvents && reader.TryRead(out var item))
            {
                group.Add(item);
            }

            await TopUpAsync(reader, group, maxEvents);
            if (group.Count > 0)
            {
                await CommitAsync(group, skipLocked: true);
            }
        }
    }

    /// <summary>Waits up to the configured delay for more events (no wait by default: natural batching).</summary>
    private async Task TopUpAsync(ChannelReader<Pending> reader, List<Pending> group, int maxEvents)
    {
        var delay = options.Value.GroupCommitMaxDelay;
        if (delay <= TimeSpan.Zero || group.Count >= maxEvents)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(delay);
        try
        {
            while (group.Count < maxEvents && await reader.WaitToReadAsync(timeout.Token))
            {
                while (group.Count < maxEvents && reader.TryRead(out var item))
                {
                    group.Add(item);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The delay is over; commit what we have.
        }
    }

    private async Task CommitAsync(List<Pending> group, bool skipLocked)
    {
        if (options.Value.GroupCommitPerWorkspace && group.Skip(1).Any(p => p.WorkspaceId != group[0].WorkspaceId))
        {
            await Task.WhenAll(group.GroupBy(p => p.WorkspaceId).Select(workspace => CommitAsync([.. workspace], skipLocked)));
            return;
        }

        try
        {
            var (outcomes, busy, refused) = await RecordGroupAsync(group, skipLocked);
            // After the group's lock and before the answers: a refusal's top-up and alert have their own small transaction,
            // committed before its 402 is sent.
            await refusalAlerts.RecordAsync(refused, CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                if (outcomes[i] is { } outcome)
                {
                    group[i].Done.TrySetResult(outcome);
                }
            }

            foreach (var workspace in busy.GroupBy(p => p.WorkspaceId))
            {
                StartSlowLane([.. workspace]);
            }
        }
        catch (Exception e) when (group.Count > 1)
        {
            logger.LogWarning(e, "A group of {Count} usage events failed; recording them one by one", group.Count);
            foreach (var pending in group)
            {
                await CommitAsync([pending], skipLocked);
            }
        }
        catch (Exception e)
        {
            group[0].Done.TrySetException(e);
        }
    }

    /// <summary>Records a busy workspace's events in a transaction that waits for its lock, beside the shared writers.</summary>
    private void StartSlowLane(List<Pending> events)
    {
        var task = Task.Run(async () =>
        {
            await slowLanes.WaitAsync();
            try
            {
                await CommitAsync(events, skipLocked: false);
            }
            finally
            {
                slowLanes.Release();
            }
        });
        slowLaneTasks[task] = true;
        task.ContinueWith(t => slowLaneTasks.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>The outcome of each event (null for those of workspaces skipped as busy), the busy ones, and books with refusals to alert.</summary>
    private async Task<(EngineResult<UsageRecorded>?[] Outcomes, List<Pending> Busy, List<WorkspaceBook> Refused)> RecordGroupAsync(List<Pending> group, bool skipLocked)
    {
        await using var session = await ledger.BeginAsync(CancellationToken.None);
        // Read in the locks' round trip; a busy workspace's few rows are read for nothing, which costs less than a round trip.
        var prefetch = UsagePrefetch.For(group.Select(p => (p.WorkspaceId, (string?)p.Usage.Event.IdempotencyKey, p.Usage.Event.UserId, p.Usage.Event.ResourceId)));
        var books = await session.LockManyAsync(group.Select(p => p.WorkspaceId), skipLocked, CancellationToken.None, prefetch);
        await prefetch.LoadPathsAsync(session.Connection, books, CancellationToken.None);
        var locked = group.Where(p => books.ContainsKey(p.WorkspaceId)).ToList();
        var busy = skipLocked ? group.Where(p => !books.ContainsKey(p.WorkspaceId)).ToList() : [];
        var outcomes = group.Select(p => books.TryGetValue(p.WorkspaceId, out var book)
            ? UsageRecorder.Record(book, p.Usage, prefetch)
            : skipLocked ? null : throw new InvalidOperationException($"Workspace {p.WorkspaceId} has no ledger head.")).ToArray();
        if (outcomes.Any(o => o is EngineResult<UsageRecorded>.Done))
        {
            await session.CommitAsync();
        }

        ServiceMeter.GroupSize.Record(locked.Count);
        foreach (var pending in locked)
        {
            ServiceMeter.GroupWait.Record(System.Diagnostics.Stopwatch.GetElapsedTime(pending.QueuedAt).TotalMilliseconds);
        }

        Interlocked.Increment(ref groups);
        Interlocked.Add(ref events, locked.Count);
        return (outcomes, busy, [.. books.Values.Where(b => b.Alerts.Refusals.Count > 0)]);
    }
}
