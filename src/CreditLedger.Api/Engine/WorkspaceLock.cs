using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The workspace lock without the books: for changes that are not ledger entries but that ledger decisions read
/// under the lock (the resource tree), so a charge never sees half of such a change and two changes never interleave.
/// </summary>
public static class WorkspaceLock
{
    /// <summary>Begins a transaction holding the workspace's lock; false when the workspace has no ledger head.</summary>
    public static async Task<bool> AcquireAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT 1 FROM workspace_heads WHERE workspace_id = $1 FOR UPDATE", workspaceId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
