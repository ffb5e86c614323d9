using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// A transaction holding one workspace's lock without its book: for changes that are not ledger entries but that ledger
/// decisions read under the lock (the resource tree, alert settings, webhook subscriptions), so a charge never sees half
/// of such a change and two changes never interleave. Disposing without <see cref="CommitAsync"/> writes nothing.
/// </summary>
public sealed class WorkspaceLock : IAsyncDisposable
{
    private readonly NpgsqlTransaction transaction;

    private WorkspaceLock(NpgsqlConnection connection, NpgsqlTransaction transaction, bool exists) =>
        (Connection, this.transaction, Exists) = (connection, transaction, exists);

    public NpgsqlConnection Connection { get; }

    /// <summary>False when the workspace has no ledger head (no such workspace): nothing is locked.</summary>
    public bool Exists { get; }

    public static async Task<WorkspaceLock> AcquireAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        try
        {
            var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = Sql.Command(connection, "SELECT 1 FROM workspace_heads WHERE workspace_id = $1 FOR UPDATE", workspaceId);
            return new WorkspaceLock(connection, transaction, await command.ExecuteScalarAsync(ct) is not null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
