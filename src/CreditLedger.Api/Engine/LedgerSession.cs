using CreditLedger.Api.Json;
using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Engine;

/// <summary>
/// One database transaction over the ledger. Workspaces are locked on first use (and brought up to date:
/// expiries, cycle grants); everything the books append is written by <see cref="CommitAsync"/>, and
/// disposing without commit writes nothing.
/// </summary>
public sealed class LedgerSession : IAsyncDisposable
{
    private readonly Dictionary<Guid, WorkspaceBook> books = [];
    private readonly NpgsqlTransaction transaction;
    private readonly TimeProvider clock;

    private LedgerSession(NpgsqlConnection connection, NpgsqlTransaction transaction, TimeProvider clock)
    {
        Connection = connection;
        this.transaction = transaction;
        this.clock = clock;
        Now = TruncateToMicroseconds(clock.GetUtcNow());
    }

    public NpgsqlConnection Connection { get; }

    /// <summary>The books locked so far in this transaction.</summary>
    public IReadOnlyDictionary<Guid, WorkspaceBook> Books => books;

    /// <summary>
    /// The clock when the transaction began, for rows outside any workspace's ledger (a new workspace). Ledger
    /// entries take their book's <see cref="WorkspaceBook.Now"/>, read after the workspace's lock.
    /// </summary>
    public DateTimeOffset Now { get; }

    public static async Task<LedgerSession> BeginAsync(NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            return new LedgerSession(connection, transaction, clock);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset instant) => Instants.ToMicroseconds(instant);

    /// <summary>
    /// Locks and returns the workspace's book, or null when the workspace does not exist; <paramref name="alsoRead"/> reads
    /// in the same round trip, after the lock.
    /// </summary>
    public async Task<WorkspaceBook?> LockAsync(Guid workspaceId, CancellationToken ct, IReadsUnderLock? alsoRead = null)
    {
        if (books.TryGetValue(workspaceId, out var book))
        {
            await ReadAloneAsync(alsoRead, ct);
            return book;
        }

        book = await LedgerStore.LockAsync(Connection, workspaceId, clock, ct, alsoRead);
        if (book is null)
        {
            return null;
        }

        book.CatchUp();
        books[workspaceId] = book;
        return book;
    }

    /// <summary>
    /// Locks several workspaces in one statement, in id order (so concurrent groups cannot deadlock), and returns
    /// the books of those that exist; with <paramref name="skipLocked"/>, of those no other transaction holds.
    /// <paramref name="alsoRead"/> reads in the same round trip, after the locks.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, WorkspaceBook>> LockManyAsync(
        IEnumerable<Guid> workspaceIds, bool skipLocked, CancellationToken ct, IReadsUnderLock? alsoRead = null)
    {
        var missing = workspaceIds.Distinct().Where(id => !books.ContainsKey(id)).Order().ToArray();
        if (missing.Length == 0)
        {
            await ReadAloneAsync(alsoRead, ct);
            return books;
        }

        foreach (var book in await LedgerStore.LockManyAsync(Connection, missing, clock, skipLocked, ct, alsoRead))
        {
            book.CatchUp();
            books[book.WorkspaceId] = book;
        }

        return books;
    }

    /// <summary>The reads that would have followed a lock, when every workspace was locked before.</summary>
    private async Task ReadAloneAsync(IReadsUnderLock? reads, CancellationToken ct)
    {
        if (reads is null)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(Connection);
        reads.AddCommands(batch);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reads.ReadAsync(reader, ct);
    }

    /// <summary>Starts the book of a workspace inserted in this transaction; its first cycle is issued at once.</summary>
    public WorkspaceBook Open(Guid workspaceId, DateTimeOffset billingAnchor, PlanTerms plan)
    {
        var book = new WorkspaceBook
        {
            WorkspaceId = workspaceId,
            BillingAnchor = billingAnchor,
            PlanActions = plan.Actions,
            PlanDataCredits = plan.DataCredits,
            RolloverActions = plan.RolloverActions,
            RolloverDataCredits = plan.RolloverDataCredits,
            PlanUnitPriceActions = plan.UnitPriceActions,
            PlanUnitPriceDataCredits = plan.UnitPriceDataCredits,
            Now = Now,
        };
        book.CatchUp();
        books[workspaceId] = book;
        return book;
    }

    /// <summary>The response stored under an idempotency key, including ones added earlier in this transaction.</summary>
    public async Task<StoredResponse?> FindResponseAsync(WorkspaceBook book, string scope, string key, CancellationToken ct)
    {
        var pending = book.FindNewResponse(scope, key);
        if (pending is not null)
        {
            return pending;
        }

        await using var command = Sql.Command(Connection,
            $"SELECT {KeptResponses.Columns} FROM idempotency_keys k {KeptResponses.EventJoin} WHERE k.workspace_id = $1 AND k.scope = $2 AND k.key = $3",
            book.WorkspaceId, scope, key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? KeptResponses.Read(reader, 0, scope, key) : null;
    }

    /// <summary>
    /// Writes what the books decided and commits. Takes no cancellation: once decided, the write runs to its end even if
    /// the caller has gone (a request whose client left). Cancelling it would throw the decided work away, and mid-COPY
    /// the connection with it, while a client that retries under the same keys is answered from what was written.
    /// </summary>
    public async Task CommitAsync()
    {
        if (books.Count > 0)
        {
            foreach (var book in books.Values)
            {
                book.EvaluateBalanceAlerts();
            }

            await LedgerWriter.SaveAsync(Connection, books.Values, CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        GrowthMeter.Record(books.Values);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
