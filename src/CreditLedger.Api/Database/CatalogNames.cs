using CreditLedger.Api.Database.Replica;
using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>
/// Reads of the administrative tables (users, keys, the integration catalog, own-key switches) that reports and Clay's
/// directory show next to the numbers, on the read pool the request was routed to.
/// </summary>
public static class CatalogNames
{
    public static async Task<bool> UserExistsAsync(ReadSource reads, Guid workspaceId, Guid userId, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, "SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2", workspaceId, userId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public static async Task<List<(Guid Id, string Email, string Name)>> UsersAsync(ReadSource reads, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, "SELECT id, email, name FROM users WHERE workspace_id = $1 ORDER BY created_at", workspaceId);
        var users = new List<(Guid, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            users.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return users;
    }

    public static async Task<List<(string Key, string Name)>> IntegrationsAsync(ReadSource reads, CancellationToken ct)
    {
        await using var command = reads.Database.CreateCommand("SELECT key, name FROM integrations ORDER BY key");
        var integrations = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            integrations.Add((reader.GetString(0), reader.GetString(1)));
        }

        return integrations;
    }

    public static async Task<List<(Guid Id, string Name, bool Revoked)>> ApiKeysAsync(ReadSource reads, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database,
            "SELECT id, name, revoked_at IS NOT NULL FROM api_keys WHERE workspace_id = $1 ORDER BY created_at", workspaceId);
        var keys = new List<(Guid, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add((reader.GetGuid(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return keys;
    }

    /// <summary>The integration's service keys in catalog order, or null when there is no such integration.</summary>
    public static async Task<List<string>?> ServicesAsync(ReadSource reads, string integrationKey, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, """
            SELECT s.key FROM integrations i LEFT JOIN integration_services s ON s.integration_key = i.key
            WHERE i.key = $1 ORDER BY s.position
            """, integrationKey);
        List<string>? services = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            services ??= [];
            if (!reader.IsDBNull(0))
            {
                services.Add(reader.GetString(0));
            }
        }

        return services;
    }

    /// <summary>How many of <paramref name="ids"/> are users of the workspace.</summary>
    public static async Task<long> CountUsersAsync(ReadSource reads, Guid workspaceId, Guid[] ids, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, "SELECT count(*) FROM users WHERE workspace_id = $1 AND id = ANY($2)", workspaceId, ids);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>How many of <paramref name="keys"/> are integrations of the catalog.</summary>
    public static async Task<long> CountIntegrationsAsync(ReadSource reads, string[] keys, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, "SELECT count(*) FROM integrations WHERE key = ANY($1)", [keys]);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Every catalog integration with whether the workspace brings its own key for it.</summary>
    public static async Task<List<(string Key, string Name, bool OwnApiKey)>> OwnKeysAsync(ReadSource reads, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, """
            SELECT i.key, i.name, coalesce(w.own_api_key, false) FROM integrations i
            LEFT JOIN workspace_integrations w ON w.integration_key = i.key AND w.workspace_id = $1 ORDER BY i.key
            """, workspaceId);
        var accounts = new List<(string, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            accounts.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return accounts;
    }
}
