using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Resources;

/// <summary>A resource as stored; deleted ones stay (with <see cref="DeletedAt"/>) so their history stays in reports.</summary>
public sealed record ResourceRow(
    string Id, ResourceKind Kind, string Name, string? ParentId, Guid? OwnerUserId, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt)
{
    public bool IsDeleted => DeletedAt is not null;
}

/// <summary>
/// The resources table's SQL, all of it: the tree is read whole for reports (one indexed range read per workspace),
/// and changed only under the workspace lock (<see cref="WorkspaceLock"/>), which usage takes before it checks a resourceId.
/// </summary>
public static class ResourceStore
{
    private const string Columns = "id, kind, name, parent_id, owner_user_id, created_at, deleted_at";

    /// <summary>The whole tree on the read pool a report request was routed to.</summary>
    public static Task<List<ResourceRow>> LoadAllAsync(ReadSource reads, Guid workspaceId, CancellationToken ct) =>
        LoadAllAsync(reads.Database, workspaceId, ct);

    public static async Task<List<ResourceRow>> LoadAllAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database, $"SELECT {Columns} FROM resources WHERE workspace_id = $1 ORDER BY id", workspaceId);
        return await ReadAsync(command, ct);
    }

    public static async Task<ResourceRow?> FindAsync(NpgsqlConnection connection, Guid workspaceId, string id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, $"SELECT {Columns} FROM resources WHERE workspace_id = $1 AND id = $2", workspaceId, id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>The chain from <paramref name="id"/> up to its root, as id → parent (UNION stops on a cycle).</summary>
    public static async Task<Dictionary<string, string?>> AncestryAsync(NpgsqlConnection connection, Guid workspaceId, string id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT id, parent_id FROM resources WHERE workspace_id = $1 AND id = $2
                UNION
                SELECT r.id, r.parent_id FROM resources r JOIN up ON r.workspace_id = $1 AND r.id = up.parent_id)
            SELECT id, parent_id FROM up
            """, workspaceId, id);
        var chain = new Dictionary<string, string?>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            chain[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }

        return chain;
    }

    /// <summary>
    /// How many levels of descendants (live or deleted: reports show both) hang below <paramref name="id"/>, counted up to
    /// <paramref name="atMost"/> + 1: enough to tell that a move would make the tree too deep, however deep it already is.
    /// </summary>
    public static async Task<int> LevelsBelowAsync(NpgsqlConnection connection, Guid workspaceId, string id, int atMost, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            WITH RECURSIVE down(id, level) AS (
                SELECT id, 0 FROM resources WHERE workspace_id = $1 AND id = $2
                UNION ALL
                SELECT r.id, down.level + 1 FROM resources r JOIN down ON r.workspace_id = $1 AND r.parent_id = down.id
                WHERE down.level <= $3)
            CYCLE id SET looped USING visited
            SELECT COALESCE(max(level), 0)::int FROM down
            """, workspaceId, id, atMost);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The kinds of the live resources directly under <paramref name="id"/>.</summary>
    public static async Task<List<ResourceKind>> LiveChildKindsAsync(NpgsqlConnection connection, Guid workspaceId, string id, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "SELECT DISTINCT kind FROM resources WHERE workspace_id = $1 AND parent_id = $2 AND deleted_at IS NULL", workspaceId, id);
        var kinds = new List<ResourceKind>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            kinds.Add(ResourceTree.ParseKind(reader.GetString(0)));
        }

        return kinds;
    }

    public static async Task<bool> UserExistsAsync(NpgsqlConnection connection, Guid workspaceId, Guid userId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2", workspaceId, userId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>Creates or replaces a resource (a deleted one comes back to life); returns its creation time.</summary>
    public static async Task<DateTimeOffset> UpsertAsync(
        NpgsqlConnection connection, Guid workspaceId, ResourceRow row, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            INSERT INTO resources AS r (workspace_id, id, kind, name, parent_id, owner_user_id, created_at, updated_at, deleted_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7, NULL)
            ON CONFLICT (workspace_id, id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent_id = excluded.parent_id,
                owner_user_id = excluded.owner_user_id, updated_at = excluded.updated_at, deleted_at = NULL,
                version = nextval('resource_versions')
            RETURNING r.created_at
            """, workspaceId, row.Id, row.Kind.ToWire(), row.Name, row.ParentId, row.OwnerUserId, now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    public static async Task MarkDeletedAsync(NpgsqlConnection connection, Guid workspaceId, string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            UPDATE resources SET deleted_at = $3, updated_at = $3, version = nextval('resource_versions')
            WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL
            """, workspaceId, id, now);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<ResourceRow>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var rows = new List<ResourceRow>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new ResourceRow(r.GetString(0), ResourceTree.ParseKind(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetGuid(4), r.GetFieldValue<DateTimeOffset>(5), r.IsDBNull(6) ? null : r.GetFieldValue<DateTimeOffset>(6)));
        }

        return rows;
    }
}
