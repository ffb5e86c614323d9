using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Reads that ride in the round trip that locks workspaces, as statements after the lock's own. Under READ COMMITTED each
/// statement of a batch takes its snapshot when it starts, so these start after the lock is held and see every commit
/// before it, exactly as a separate round trip after the lock would; they only save that round trip's wait.
/// </summary>
public interface IReadsUnderLock
{
    /// <summary>Adds the statements, each with its own result set, to the lock's batch.</summary>
    void AddCommands(NpgsqlBatch batch);

    /// <summary>Reads their results; the reader is on the first of them.</summary>
    Task ReadAsync(NpgsqlDataReader reader, CancellationToken ct);
}
