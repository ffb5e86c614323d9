using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.Limits;

/// <summary>A limit as it reads now: its scope, the current cycle, caps and this cycle's spend.</summary>
public sealed record SpendLimitReading(CycleWindow Cycle, SpendLimitView Limit);

/// <summary>
/// The SQL of the limit settings themselves: which scope ids exist, setting and removing a limit (under the workspace
/// lock, followed by a <see cref="SpendRecount"/>), and reading them with their counters.
/// </summary>
public static class SpendLimitSettings
{
    /// <summary>Whether the scope names a user, key or live resource of the workspace.</summary>
    public static async Task<bool> ScopeExistsAsync(NpgsqlConnection connection, Guid workspaceId, LimitScope scope, string scopeId, CancellationToken ct)
    {
        var sql = scope switch
        {
            LimitScope.User => "SELECT 1 FROM users WHERE workspace_id = $1 AND id::text = $2",
            LimitScope.ApiKey => "SELECT 1 FROM api_keys WHERE workspace_id = $1 AND id::text = $2",
            _ => "SELECT 1 FROM resources WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL",
        };
        await using var command = Sql.Command(connection, sql, workspaceId, scopeId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public static async Task UpsertAsync(
        NpgsqlConnection connection, Guid workspaceId, string scope, string scopeId, LimitCaps caps, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            INSERT INTO spend_limits (workspace_id, scope, scope_id, actions_limit, data_credits_limit, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6)
            ON CONFLICT (workspace_id, scope, scope_id) DO UPDATE
            SET actions_limit = excluded.actions_limit, data_credits_limit = excluded.data_credits_limit, updated_at = excluded.updated_at
            """, workspaceId, scope, scopeId, caps.Actions, caps.DataCredits, now);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Removes a limit; false when none was set.</summary>
    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, Guid workspaceId, string scope, string scopeId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "DELETE FROM spend_limits WHERE workspace_id = $1 AND scope = $2 AND scope_id = $3", workspaceId, scope, scopeId);
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>The workspace's workbook default (null when none), without a lock: a read.</summary>
    public static async Task<LimitCaps?> WorkbookDefaultAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database,
            "SELECT actions_limit, data_credits_limit FROM spend_limits WHERE workspace_id = $1 AND scope = 'workbook_default'", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new LimitCaps(NullableDecimal(reader, 0), NullableDecimal(reader, 1)) : null;
    }

    /// <summary>Every limit that was set (not the workbook default), with what its scope spent in the cycle current at <paramref name="now"/>.</summary>
    public static async Task<List<SpendLimitReading>> ListAsync(NpgsqlDataSource database, Guid workspaceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
            SELECT w.billing_anchor, greatest($2, h.last_recorded_at), l.scope, l.scope_id, l.actions_limit, l.data_credits_limit,
                   c.cycle_index, c.actions_spent, c.data_credits_spent
            FROM spend_limits l
            JOIN workspaces w ON w.id = l.workspace_id
            JOIN workspace_heads h ON h.workspace_id = l.workspace_id
            LEFT JOIN spend_counters c ON c.workspace_id = l.workspace_id AND c.scope = l.scope AND c.scope_id = l.scope_id
            WHERE l.workspace_id = $1 AND l.scope <> 'workbook_default'
            ORDER BY l.scope, l.scope_id
            """, workspaceId, now);
        var readings = new List<SpendLimitReading>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            // Like the book, the cycle is read at the later of now and the last entry, so it never runs behind the ledger.
            var cycle = BillingCycle.At(reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
            var spent = reader.IsDBNull(6) ? Cost.Zero
                : SpendLimitRules.SpentThisCycle(reader.GetInt32(6), cycle.Index, new Cost(reader.GetDecimal(7), reader.GetDecimal(8)));
            var limit = new SpendLimitView(LimitScopeNames.Parse(reader.GetString(2)), reader.GetString(3), spent,
                NullableDecimal(reader, 4), NullableDecimal(reader, 5));
            readings.Add(new SpendLimitReading(cycle, limit));
        }

        return readings;
    }

    private static decimal? NullableDecimal(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
