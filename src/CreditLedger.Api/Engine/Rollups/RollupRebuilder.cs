using CreditLedger.Api.Database;
using Npgsql;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// Recomputes every rollup table of each workspace (the value rollups too, from the ledger) from the raw facts (usage
/// events and the ledger's charge and reversal entries), dropping its rows in both rollup journals, under the
/// workspace's lock so no write interleaves. Run as
/// <c>dotnet CreditLedger.Api.dll rebuild-rollups</c> (scripts/rebuild-rollups.sh).
/// </summary>
public static class RollupRebuilder
{
    public static async Task<int> RebuildAllAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        var workspaces = new List<Guid>();
        await using (var command = database.CreateCommand("SELECT workspace_id FROM workspace_heads ORDER BY workspace_id"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                workspaces.Add(reader.GetGuid(0));
            }
        }

        foreach (var workspace in workspaces)
        {
            await RebuildAsync(database, workspace, ct);
        }

        return workspaces.Count;
    }

    public static async Task RebuildAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { Sql.BatchCommand("SELECT 1 FROM workspace_heads WHERE workspace_id = $1 FOR UPDATE", workspaceId) },
        };

        // The journals' rows first: a fold that already claimed them commits before this goes on, and one that has not
        // finds them gone.
        batch.BatchCommands.Add(Sql.BatchCommand($"DELETE FROM {RollupJournal.Name} WHERE workspace_id = $1", workspaceId));
        batch.BatchCommands.Add(Sql.BatchCommand($"DELETE FROM {ValueRollups.Journal} WHERE workspace_id = $1", workspaceId));
        foreach (var table in RollupTables.All)
        {
            batch.BatchCommands.Add(Sql.BatchCommand($"DELETE FROM {table.Name} WHERE workspace_id = $1", workspaceId));
            batch.BatchCommands.Add(Sql.BatchCommand(Rebuild(table), workspaceId));
        }

        foreach (var command in ValueRollups.Rebuild(workspaceId))
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The command-line entry: rebuilds every workspace with the configured runtime connection.</summary>
    public static async Task<int> RunCommandAsync(IConfiguration configuration)
    {
        await using var database = NpgsqlDataSource.Create(configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException("ConnectionStrings:Ledger is not configured."));
        var count = await RebuildAllAsync(database, CancellationToken.None);
        Console.WriteLine($"Rebuilt the rollups of {count} workspaces from the ledger.");
        return 0;
    }

    private static string Rebuild(RollupTable table)
    {
        var columns = string.Join(", ", table.DimensionColumns.Select(d => d.Column));
        var groups = string.Join(", ", Enumerable.Range(1, table.DimensionColumns.Count + 2));
        return $"""
            INSERT INTO {table.Name} (workspace_id, {table.Bucket}, {columns}, actions, data_credits, events, attempts, successes)
            SELECT workspace_id, {table.BucketOf}, {columns}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
            FROM usage_facts WHERE workspace_id = $1
            GROUP BY {groups}
            """;
    }
}
