using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Reports;

/// <summary>The names reports show next to the numbers: users and catalog integrations and services.</summary>
public static class ReportNames
{
    public static async Task<bool> UserExistsAsync(NpgsqlDataSource database, Guid workspaceId, Guid userId, CancellationToken ct)
    {
        await using var command = Sql.Command(database, "SELECT 1 FROM users WHERE workspace_id = $1 AND id = $2", workspaceId, userId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public static async Task<List<(Guid Id, string Email, string Name)>> UsersAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database, "SELECT id, email, name FROM users WHERE workspace_id = $1 ORDER BY created_at", workspaceId);
        var users = new List<(Guid, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            users.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return users;
    }

    public static async Task<List<(string Key, string Name)>> IntegrationsAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand("SELECT key, name FROM integrations ORDER BY key");
        var integrations = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            integrations.Add((reader.GetString(0), reader.GetString(1)));
        }

        return integrations;
    }

    public static async Task<List<(Guid Id, string Name, bool Revoked)>> ApiKeysAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database,
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
    public static async Task<List<string>?> ServicesAsync(NpgsqlDataSource database, string integrationKey, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
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
}
