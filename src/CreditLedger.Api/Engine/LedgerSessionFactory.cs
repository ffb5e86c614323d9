using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>Opens ledger sessions on the service's data source and clock.</summary>
public sealed class LedgerSessionFactory(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public Task<LedgerSession> BeginAsync(CancellationToken ct) => LedgerSession.BeginAsync(dataSource, clock, ct);

    /// <summary>
    /// Brings the workspace up to now when its head is behind (a grant lapsed, or a cycle began: its rollover and
    /// allowance are due) in a short locked transaction; nothing when it is current. Reads that show balances, grants
    /// or entries call it first, so a new cycle's boundary is applied before its first read as well as its first write.
    /// </summary>
    public async Task CatchUpAsync(Guid workspaceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        bool stale;
        await using (var check = Sql.Command(dataSource, """
            SELECT h.cycle_index, w.billing_anchor,
                   EXISTS (SELECT 1 FROM grants g WHERE g.workspace_id = h.workspace_id AND g.has_remaining AND g.expires_at <= $2)
            FROM workspace_heads h JOIN workspaces w ON w.id = h.workspace_id WHERE h.workspace_id = $1
            """, workspaceId, now))
        await using (var reader = await check.ExecuteReaderAsync(ct))
        {
            // Disposed once, here: a second dispose after the connection is back in the pool would close another request's reader.
            stale = await reader.ReadAsync(ct)
                && (reader.GetInt32(0) < BillingCycle.At(reader.GetFieldValue<DateTimeOffset>(1), now).Index || reader.GetBoolean(2));
        }

        if (stale)
        {
            await using var session = await BeginAsync(ct);
            await session.LockAsync(workspaceId, ct);
            await session.CommitAsync();
        }
    }
}
