using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>The api_keys SQL beyond EF's plain insert: the lookup by hash, revocation (every instance's cache must hear of it), last use.</summary>
public static class ApiKeyRows
{
    /// <summary>The channel a committed revocation is announced on (migration 0014's trigger, and <see cref="RevokeAsync"/>).</summary>
    public const string RevokedChannel = "creditledger_api_keys";

    /// <summary>Revokes the key (a second revocation keeps the first time); false when the workspace has no such key.</summary>
    public static async Task<bool> RevokeAsync(AdminDbContext db, Guid workspaceId, Guid keyId, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await db.ApiKeys
            .Where(k => k.WorkspaceId == workspaceId && k.Id == keyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), ct);
        if (changed > 0)
        {
            // Migration 0014's trigger notifies every instance already; on Citus it fires on the worker holding the
            // shard, where no instance listens, so the coordinator is told as well (docs/scale-out.md).
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({RevokedChannel}, {keyId.ToString()})", ct);
        }

        return changed > 0;
    }

    /// <summary>The live key with this hash: its workspace, id and scopes; null when none (unknown or revoked).</summary>
    public static async Task<(Guid WorkspaceId, Guid Id, string[] Scopes)?> FindLiveAsync(NpgsqlDataSource database, byte[] hash, CancellationToken ct)
    {
        await using var command = Sql.Command(database, "SELECT workspace_id, id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL", hash);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2)) : null;
    }

    /// <summary>Whether the workspace has this key and it is not revoked.</summary>
    public static async Task<bool> IsLiveAsync(NpgsqlConnection connection, Guid workspaceId, Guid keyId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection,
            "SELECT EXISTS (SELECT 1 FROM api_keys WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL)", workspaceId, keyId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Moves each key's last use forward (never back: instances flush in any order).</summary>
    public static async Task TouchAsync(NpgsqlDataSource database, IReadOnlyList<(Guid Id, DateTimeOffset At)> uses, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
            UPDATE api_keys k SET last_used_at = greatest(k.last_used_at, v.at)
            FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, at) WHERE k.id = v.id
            """, uses.Select(u => u.Id).ToArray(), uses.Select(u => u.At).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }
}
