using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// Adds the rollup deltas of a transaction's books to every rollup table, in the ledger's own batch (so reports always
/// equal the ledger). Reading is <see cref="RollupReader"/>, rebuilding <see cref="RollupRebuilder"/>.
/// </summary>
public static class RollupWriter
{
    public static void AddRollups(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        foreach (var table in RollupTables.All)
        {
            AddRollups(batch, table, books.SelectMany(b => b.Rollups.For(table).Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList());
        }
    }

    /// <summary>Adds the deltas to one rollup table: its bucket column, the dimensions it keeps, the five sums.</summary>
    private static void AddRollups(NpgsqlBatch batch, RollupTable table, List<(Guid WorkspaceId, RollupKey Key, RollupTotals Value)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var dimensions = table.DimensionColumns;
        var columns = string.Join(", ", dimensions.Select(d => d.Column));
        var arrays = string.Join(", ", dimensions.Select((d, i) => $"${i + 3}::{SqlType(d.Flag)}[]"));
        var sums = dimensions.Count + 3;
        var values = new List<object?> { rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Key.Start).ToArray() };
        values.AddRange(dimensions.Select(d => Values(d.Flag, rows)));
        values.AddRange([
            rows.Select(r => r.Value.Actions).ToArray(), rows.Select(r => r.Value.DataCredits).ToArray(),
            rows.Select(r => r.Value.Events).ToArray(), rows.Select(r => r.Value.Attempts).ToArray(),
            rows.Select(r => r.Value.Successes).ToArray()]);
        batch.BatchCommands.Add(Command($"""
            INSERT INTO {table.Name} AS r (workspace_id, {table.Bucket}, {columns}, actions, data_credits, events, attempts, successes)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], {arrays},
                ${sums}::numeric[], ${sums + 1}::numeric[], ${sums + 2}::bigint[], ${sums + 3}::bigint[], ${sums + 4}::bigint[])
            ON CONFLICT (workspace_id, {table.Bucket}, {columns}) DO UPDATE SET
                actions = r.actions + excluded.actions, data_credits = r.data_credits + excluded.data_credits,
                events = r.events + excluded.events, attempts = r.attempts + excluded.attempts,
                successes = r.successes + excluded.successes
            """, [.. values]));
    }

    private static string SqlType(RollupDimensions dimension) =>
        dimension is RollupDimensions.User or RollupDimensions.ApiKey ? "uuid" : "text";

    private static object Values(RollupDimensions dimension, List<(Guid WorkspaceId, RollupKey Key, RollupTotals Value)> rows) => dimension switch
    {
        RollupDimensions.Kind => rows.Select(r => r.Key.Kind).ToArray(),
        RollupDimensions.User => rows.Select(r => r.Key.UserId).ToArray(),
        RollupDimensions.Integration => rows.Select(r => r.Key.Integration).ToArray(),
        RollupDimensions.Service => rows.Select(r => r.Key.Service).ToArray(),
        RollupDimensions.Resource => rows.Select(r => r.Key.ResourceId).ToArray(),
        RollupDimensions.ApiKey => rows.Select(r => r.Key.ApiKeyId).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };
}
