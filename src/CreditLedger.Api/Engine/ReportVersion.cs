using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;

namespace CreditLedger.Api.Engine;

/// <summary>
/// What a report's ETag is derived from, read in one round trip: the workspace's time zone, its ledger position and usage
/// count, and a version of every name, tree and key a report shows. Resources and integrations carry a version from a
/// sequence (moves, renames, new services); users and keys are only added or revoked (never renamed), so counts say it
/// exactly. Null for no such workspace.
/// </summary>
public static class ReportVersion
{
    public static async Task<(string TimeZone, string Version)?> ReadAsync(ReadSource reads, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, """
            SELECT w.time_zone, h.last_sequence, h.usage_count,
                   (SELECT count(*) || '/' || coalesce(max(created_at)::text, '') FROM users WHERE workspace_id = w.id),
                   (SELECT count(*) || '/' || coalesce(max(version), 0) FROM integrations),
                   (SELECT count(*) || '/' || coalesce(max(version), 0) FROM resources WHERE workspace_id = w.id),
                   (SELECT count(*) || '/' || count(revoked_at) FROM api_keys WHERE workspace_id = w.id)
            FROM workspaces w JOIN workspace_heads h ON h.workspace_id = w.id WHERE w.id = $1
            """, workspaceId);
        // The reader is disposed once, by its using: Npgsql reuses a connection's reader object, so disposing it again after
        // the connection went back to the pool would close another request's reader.
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var version = string.Join('|', reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6));
        return (reader.GetString(0), version);
    }
}
