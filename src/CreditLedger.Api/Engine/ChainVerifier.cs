using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Recomputes a workspace's hash chain from the stored rows in sequence order. The first entry whose sequence is
/// out of place, or whose stored hash differs from the recomputed one, is reported. Incremental by default: it
/// starts at the workspace's checkpoint (the last entry a verification found valid) and moves the checkpoint on,
/// so a call costs what was appended since the last one; <c>full</c> starts from genesis. The chain may be read from a
/// replica (it is append-only, so a replica's prefix is the primary's); the checkpoint is always written to the primary.
/// </summary>
public static class ChainVerifier
{
    public static async Task<VerifyResponse> VerifyAsync(
        NpgsqlDataSource database, NpgsqlDataSource primary, Guid workspaceId, bool full, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var (start, previous) = full ? (0L, HashChain.Genesis) : await CheckpointAsync(connection, workspaceId, ct);
        await using var command = Sql.Command(connection,
            $"SELECT {LedgerReader.Columns} FROM ledger_entries WHERE workspace_id = $1 AND sequence > $2 ORDER BY sequence", workspaceId, start);
        var count = start;
        long? firstInvalid = null;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (firstInvalid is null && await reader.ReadAsync(ct))
            {
                var entry = LedgerReader.Read(reader);
                count++;
                var expected = HashChain.Next(previous, entry);
                if (entry.Sequence != count || !expected.AsSpan().SequenceEqual(entry.Hash))
                {
                    firstInvalid = entry.Sequence;
                }

                previous = entry.Hash.ToArray();
            }
        }

        if (firstInvalid is null)
        {
            await SaveCheckpointAsync(primary, workspaceId, count, previous, clock, moveBack: full, ct);
            return new VerifyResponse(true, count, null);
        }

        if (full)
        {
            // An altered row below the checkpoint: start every later verification before it.
            await SaveCheckpointAsync(primary, workspaceId, 0, HashChain.Genesis, clock, moveBack: true, ct);
        }

        var total = await TotalAsync(connection, workspaceId, ct);
        return new VerifyResponse(false, total, firstInvalid);
    }

    private static async Task<(long Sequence, byte[] Hash)> CheckpointAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT sequence, hash FROM chain_checkpoints WHERE workspace_id = $1", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : (0, HashChain.Genesis);
    }

    /// <summary>Moves the checkpoint forward (or, after a full verification, to where it ended), never back by accident.</summary>
    private static async Task SaveCheckpointAsync(
        NpgsqlDataSource primary, Guid workspaceId, long sequence, byte[] hash, TimeProvider clock, bool moveBack, CancellationToken ct)
    {
        await using var command = Sql.Command(primary, $"""
            INSERT INTO chain_checkpoints (workspace_id, sequence, hash, verified_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (workspace_id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash, verified_at = excluded.verified_at
            {(moveBack ? "" : "WHERE chain_checkpoints.sequence < excluded.sequence")}
            """, workspaceId, sequence, hash, clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> TotalAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT last_sequence FROM workspace_heads WHERE workspace_id = $1", workspaceId);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
