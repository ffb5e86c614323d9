using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Everything recording a set of usage events needs from the database besides the books, read after the workspaces are
/// locked (so stored idempotency keys are current and no resource is deleted meanwhile): keys already used, the users
/// and live resources named, service prices, own-key settings and, where limits need them, resource paths. Recording
/// itself then needs no query per event. The reads ride in the lock's own round trip (<see cref="IReadsUnderLock"/>);
/// only resource paths, which depend on the books' limits, need one of their own.
/// </summary>
public sealed class UsagePrefetch : IReadsUnderLock
{
    private readonly Dictionary<(Guid, string), StoredResponse> responses = [];
    private readonly HashSet<(Guid, Guid)> users = [];
    private readonly HashSet<(Guid, string)> resources = [];
    private readonly Dictionary<(string, string), ServicePrice> prices = [];
    private readonly HashSet<(Guid, string)> ownKeys = [];
    private readonly IEnumerable<(Guid WorkspaceId, string? IdempotencyKey, Guid? UserId, string? ResourceId)> items;
    private readonly List<Action<NpgsqlDataReader>> rowReaders = [];

    private UsagePrefetch(IEnumerable<(Guid WorkspaceId, string? IdempotencyKey, Guid? UserId, string? ResourceId)> items) =>
        this.items = items;

    /// <summary>
    /// The reads for these items, unread: pass it to the lock (<see cref="LedgerSession.LockAsync"/> or
    /// <see cref="LedgerSession.LockManyAsync"/>), then call <see cref="LoadPathsAsync"/>. An item without a usage
    /// idempotency key (a reservation, an estimate) skips the key lookup.
    /// </summary>
    public static UsagePrefetch For(IEnumerable<(Guid WorkspaceId, string? IdempotencyKey, Guid? UserId, string? ResourceId)> items) => new(items);

    /// <summary>
    /// The resources' paths up the tree, straight into the <paramref name="books"/> whose spend limits need them: a round
    /// trip only when one does, since which books do is known only once they are read.
    /// </summary>
    public async Task LoadPathsAsync(NpgsqlConnection connection, IReadOnlyDictionary<Guid, WorkspaceBook> books, CancellationToken ct)
    {
        if (SpendLimitStore.PathsCommand(items.Select(i => (i.WorkspaceId, i.ResourceId)), books) is not { } paths)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { paths } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await SpendLimitStore.ReadPathsAsync(reader, books, ct);
    }

    public void AddCommands(NpgsqlBatch batch)
    {
        // Filters, not copies: each is read twice into the two arrays its statement takes (a list of every item's tuple
        // per filter was ~0.1 KB per batch item). The items may be a projection too, read once per array. A lookup with
        // nothing to look up is not sent: PostgreSQL planned the users' lookup afresh for every group that named no user.
        var keyed = items.Where(i => i.IdempotencyKey is not null);
        var named = items.Where(i => i.UserId is not null);
        var placed = items.Where(i => i.ResourceId is not null);
        if (keyed.Any())
        {
            // Keys stored before usage events held their own (ADR 37) are still answered, from idempotency_keys.
            Add(batch, Command($"""
                SELECT e.workspace_id, e.idempotency_key, {KeptResponses.HeldByEventColumns}
                FROM usage_events e JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, key)
                  ON e.workspace_id = q.workspace_id AND e.idempotency_key = q.key
                UNION ALL
                SELECT k.workspace_id, k.key, {KeptResponses.Columns}
                FROM idempotency_keys k JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, key)
                  ON k.workspace_id = q.workspace_id AND k.scope = 'usage' AND k.key = q.key
                {KeptResponses.EventJoin}
                """,
                keyed.Select(i => i.WorkspaceId).ToArray(), keyed.Select(i => i.IdempotencyKey!).ToArray()),
                r => responses[(r.GetGuid(0), r.GetString(1))] = KeptResponses.Read(r, 2, IdempotencyScopes.Usage, r.GetString(1)));
        }

        if (named.Any())
        {
            Add(batch, Command("""
                SELECT u.workspace_id, u.id FROM users u JOIN unnest($1::uuid[], $2::uuid[]) AS q(workspace_id, id)
                  ON u.workspace_id = q.workspace_id AND u.id = q.id
                """,
                named.Select(i => i.WorkspaceId).ToArray(), named.Select(i => i.UserId!.Value).ToArray()),
                r => users.Add((r.GetGuid(0), r.GetGuid(1))));
        }

        if (placed.Any())
        {
            Add(batch, Command("""
                SELECT r.workspace_id, r.id FROM resources r JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, id)
                  ON r.workspace_id = q.workspace_id AND r.id = q.id WHERE r.deleted_at IS NULL
                """,
                placed.Select(i => i.WorkspaceId).ToArray(), placed.Select(i => i.ResourceId!).ToArray()),
                r => resources.Add((r.GetGuid(0), r.GetString(1))));
        }

        Add(batch, Command("SELECT integration_key, key, actions, data_credits, charge_policy FROM integration_services"),
            r => prices[(r.GetString(0), r.GetString(1))] = new ServicePrice(r.GetDecimal(2), r.GetDecimal(3), ChargePolicyNames.Parse(r.GetString(4))));
        Add(batch, Command("SELECT workspace_id, integration_key FROM workspace_integrations WHERE workspace_id = ANY($1) AND own_api_key",
            items.Select(i => i.WorkspaceId).Distinct().ToArray()),
            r => ownKeys.Add((r.GetGuid(0), r.GetString(1))));
    }

    public async Task ReadAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        for (var i = 0; i < rowReaders.Count; i++)
        {
            if (i > 0)
            {
                await reader.NextResultAsync(ct);
            }

            while (await reader.ReadAsync(ct))
            {
                rowReaders[i](reader);
            }
        }
    }

    /// <summary>A statement, and what to do with each row of its result (kept in step, whichever statements were sent).</summary>
    private void Add(NpgsqlBatch batch, NpgsqlBatchCommand command, Action<NpgsqlDataReader> readRow)
    {
        batch.BatchCommands.Add(command);
        rowReaders.Add(readRow);
    }

    /// <summary>A prefetch holding only service prices, as the stage benchmarks use it (no database).</summary>
    internal static UsagePrefetch WithPrices(IEnumerable<(string Integration, string Service, ServicePrice Price)> prices)
    {
        var prefetch = new UsagePrefetch([]);
        foreach (var (integration, service, price) in prices)
        {
            prefetch.prices[(integration, service)] = price;
        }

        return prefetch;
    }

    /// <summary>The stored response for a key, including ones recorded earlier in this transaction.</summary>
    /// <remarks>By the book's index of new responses: a scan of them per event made a batch quadratic in its size.</remarks>
    public StoredResponse? Response(WorkspaceBook book, string key) =>
        book.FindNewResponse(IdempotencyScopes.Usage, key) ?? responses.GetValueOrDefault((book.WorkspaceId, key));

    public bool UserKnown(Guid workspaceId, Guid? userId) => userId is null || users.Contains((workspaceId, userId.Value));

    public bool ResourceLive(Guid workspaceId, string? resourceId) => resourceId is null || resources.Contains((workspaceId, resourceId));

    public ServicePrice? Price(string? integration, string? service) =>
        integration is null || service is null ? null : prices.TryGetValue((integration, service), out var price) ? price : null;

    public bool OwnApiKey(Guid workspaceId, string? integration) => integration is not null && ownKeys.Contains((workspaceId, integration));
}
