using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Engine.Limits;

/// <summary>
/// The SQL of limits and their counters on the engine's path: read with the books (same round trip as the lock), the
/// ancestry of charged resources, and the counters a transaction moved, written with its entries.
/// </summary>
public static class SpendLimitStore
{
    /// <summary>
    /// The limits set on the books' workspaces (kind false) and their counters (kind true), in one result. Counters of
    /// workbooks capped only by the default (there may be thousands) come with the paths of the resources charged.
    /// </summary>
    public const string LoadSql = """
        SELECT workspace_id, false, scope, scope_id, actions_limit, data_credits_limit, 0 FROM spend_limits WHERE workspace_id = ANY($1)
        UNION ALL
        SELECT c.workspace_id, true, c.scope, c.scope_id, c.actions_spent, c.data_credits_spent, c.cycle_index
        FROM spend_counters c JOIN spend_limits l USING (workspace_id, scope, scope_id) WHERE c.workspace_id = ANY($1)
        """;

    /// <summary>
    /// Each (workspace, resource)'s way up to its root, nearest first, with each step's counter if it has one. The walk has
    /// no depth bound (a tree made before the depth bound may be deeper than it, and every limit above must still hold);
    /// the CYCLE clause stops it should the table ever hold a loop.
    /// </summary>
    public const string PathsSql = """
        WITH RECURSIVE up(workspace_id, start_id, id, kind, parent_id, depth) AS (
            SELECT r.workspace_id, r.id, r.id, r.kind, r.parent_id, 0
            FROM resources r JOIN unnest($1::uuid[], $2::text[]) AS q(workspace_id, id) ON r.workspace_id = q.workspace_id AND r.id = q.id
            UNION ALL
            SELECT up.workspace_id, up.start_id, r.id, r.kind, r.parent_id, up.depth + 1
            FROM up JOIN resources r ON r.workspace_id = up.workspace_id AND r.id = up.parent_id)
            CYCLE id SET looped USING visited
        SELECT up.workspace_id, up.start_id, up.id, up.kind, c.cycle_index, c.actions_spent, c.data_credits_spent
        FROM up LEFT JOIN spend_counters c ON c.workspace_id = up.workspace_id AND c.scope = 'resource' AND c.scope_id = up.id
        WHERE NOT up.looped
        ORDER BY up.workspace_id, up.start_id, up.depth
        """;

    public static void ReadLimits(NpgsqlDataReader reader, IReadOnlyDictionary<Guid, WorkspaceBook> books)
    {
        if (!books.TryGetValue(reader.GetGuid(0), out var book))
        {
            return;
        }

        var (scope, scopeId) = (reader.GetString(2), reader.GetString(3));
        decimal? actions = reader.IsDBNull(4) ? null : reader.GetDecimal(4);
        decimal? dataCredits = reader.IsDBNull(5) ? null : reader.GetDecimal(5);
        if (reader.GetBoolean(1))
        {
            book.Spend.RestoreCounter(LimitScopeNames.Parse(scope), scopeId, reader.GetInt32(6), new Cost(actions!.Value, dataCredits!.Value));
        }
        else if (scope == LimitScopeNames.WorkbookDefault)
        {
            book.Spend.Set(null, new LimitCaps(actions, dataCredits));
        }
        else
        {
            book.Spend.Set((LimitScopeNames.Parse(scope), scopeId), new LimitCaps(actions, dataCredits));
        }
    }

    /// <summary>The paths query for the resources named by books that track resources, or null when none needs one.</summary>
    public static NpgsqlBatchCommand? PathsCommand(IEnumerable<(Guid WorkspaceId, string? ResourceId)> charged, IReadOnlyDictionary<Guid, WorkspaceBook> books)
    {
        var wanted = charged.Where(c => c.ResourceId is not null && books.TryGetValue(c.WorkspaceId, out var book)
                && book.Spend.TracksResources && !book.Spend.Paths.ContainsKey(c.ResourceId))
            .Distinct().ToList();
        return wanted.Count == 0 ? null
            : Command(PathsSql, wanted.Select(w => w.WorkspaceId).ToArray(), wanted.Select(w => w.ResourceId!).ToArray());
    }

    /// <summary>Reads a <see cref="PathsSql"/> result into the books' path tables.</summary>
    public static async Task ReadPathsAsync(NpgsqlDataReader reader, IReadOnlyDictionary<Guid, WorkspaceBook> books, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct))
        {
            var book = books[reader.GetGuid(0)];
            var paths = book.Spend.Paths;
            var start = reader.GetString(1);
            if (!paths.TryGetValue(start, out var path))
            {
                paths[start] = path = [];
            }

            var step = new ResourceStep(reader.GetString(2), ResourceTree.ParseKind(reader.GetString(3)));
            path.Add(step);
            if (!reader.IsDBNull(4))
            {
                book.Spend.RestoreCounter(LimitScope.Resource, step.Id, reader.GetInt32(4), new Cost(reader.GetDecimal(5), reader.GetDecimal(6)));
            }
        }
    }

    /// <summary>Loads the paths a release, settlement or reversal needs (nothing when the book tracks no resource).</summary>
    public static async Task LoadPathsAsync(NpgsqlConnection connection, WorkspaceBook book, IEnumerable<string?> resourceIds, CancellationToken ct)
    {
        var books = new Dictionary<Guid, WorkspaceBook> { [book.WorkspaceId] = book };
        if (PathsCommand(resourceIds.Select(id => (book.WorkspaceId, id)), books) is not { } command)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { command } };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await ReadPathsAsync(reader, books, ct);
    }

    /// <summary>Upserts the counters the books moved.</summary>
    public static void AddCounterWrites(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.Spend.Changed.Select(key => (b.WorkspaceId, key.Scope, key.ScopeId, Counter: b.Spend.Counter(key)))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO spend_counters AS c (workspace_id, scope, scope_id, cycle_index, actions_spent, data_credits_spent)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::numeric[], $6::numeric[])
            ON CONFLICT (workspace_id, scope, scope_id) DO UPDATE SET cycle_index = excluded.cycle_index,
                actions_spent = excluded.actions_spent, data_credits_spent = excluded.data_credits_spent
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Scope.ToWire()).ToArray(), rows.Select(r => r.ScopeId).ToArray(),
            rows.Select(r => r.Counter.CycleIndex).ToArray(), rows.Select(r => r.Counter.Spent.Actions).ToArray(),
            rows.Select(r => r.Counter.Spent.DataCredits).ToArray()));
    }
}
