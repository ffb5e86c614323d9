using CreditLedger.Api.Database;
using CreditLedger.Api.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// Moves the rollup journals into the rollup tables at each <see cref="EngineOptions.RollupFoldInterval"/>
/// (<see cref="RollupJournal.FoldSql"/>, <see cref="ValueRollups.FoldSql"/>): on one PostgreSQL in one transaction for
/// every workspace; with <see cref="EngineOptions.GroupCommitPerWorkspace"/> (Citus) in one transaction per workspace,
/// so no transaction spans two shards. One instance folds at a time (a transaction-scoped advisory lock), so two folds
/// never upsert the same rollup rows in different orders; a journal row is moved once because the fold deletes it.
/// </summary>
public sealed class RollupFolder(NpgsqlDataSource database, IOptions<EngineOptions> options, ILogger<RollupFolder> logger) : BackgroundService
{
    /// <summary>The fold's advisory lock key ("CLfoldRu").</summary>
    private const long FoldLock = 0x434C666F6C645275;

    /// <summary>Both journals' folds, built once: of every workspace, and of the one workspace given as $1.</summary>
    private static readonly string[] EveryWorkspace = [RollupJournal.FoldSql(""), ValueRollups.FoldSql("")];

    private static readonly string[] OneWorkspace =
        [RollupJournal.FoldSql("WHERE workspace_id = $1"), ValueRollups.FoldSql("WHERE workspace_id = $1")];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(options.Value.RollupFoldInterval, FoldAsync, e =>
        {
            ServiceMeter.RollupFoldFailures.Add(1);
            logger.LogWarning(e, "Folding the rollup journals failed; reports stay exact (they read the journals) and it runs again at the next interval");
        }, stoppingToken);

    /// <summary>Folds every journal row committed so far; returns the rows moved (0 when another instance is folding).</summary>
    public async Task<long> FoldAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        if (!options.Value.GroupCommitPerWorkspace)
        {
            return await FoldAsync(connection, null, ct);
        }

        var workspaces = new List<Guid>();
        await using (var command = Sql.Command(connection,
            $"SELECT workspace_id FROM {RollupJournal.Name} UNION SELECT workspace_id FROM {ValueRollups.Journal}"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                workspaces.Add(reader.GetGuid(0));
            }
        }

        long moved = 0;
        foreach (var workspace in workspaces)
        {
            moved += await FoldAsync(connection, workspace, ct);
        }

        return moved;
    }

    /// <summary>One transaction: both journals' rows of one workspace, or of all (null).</summary>
    private static async Task<long> FoldAsync(NpgsqlConnection connection, Guid? workspace, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var claim = Sql.Command(connection, "SELECT pg_try_advisory_xact_lock($1)", FoldLock))
        {
            if (await claim.ExecuteScalarAsync(ct) is not true)
            {
                return 0;
            }
        }

        await using var fold = new NpgsqlBatch(connection, transaction);
        foreach (var sql in workspace is null ? EveryWorkspace : OneWorkspace)
        {
            fold.BatchCommands.Add(Command(sql, workspace));
        }

        long moved = 0;
        await using (var reader = await fold.ExecuteReaderAsync(ct))
        {
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    moved += reader.GetInt64(0);
                }
            }
            while (await reader.NextResultAsync(ct));
        }

        await transaction.CommitAsync(ct);
        ServiceMeter.RollupRowsFolded.Add(moved);
        return moved;
    }

    private static NpgsqlBatchCommand Command(string sql, Guid? workspace) =>
        workspace is { } id ? Sql.BatchCommand(sql, id) : new NpgsqlBatchCommand(sql);
}
