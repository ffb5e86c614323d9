using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Database;

/// <summary>The api_keys writes beyond a plain insert: revocation, which every instance's key cache must hear of.</summary>
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
}
