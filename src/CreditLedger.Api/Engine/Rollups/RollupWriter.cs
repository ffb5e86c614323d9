using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// Adds the rollup deltas of a transaction's books to the quarter-hour, hourly and daily rollups, in the ledger's own
/// batch (so reports always equal the ledger). Reading is <see cref="RollupReader"/>, rebuilding <see cref="RollupRebuilder"/>.
/// </summary>
public static class RollupWriter
{
    public static void AddRollups(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        AddRollups(batch, RollupTables.Quarter, books.SelectMany(b => b.Rollups.ByQuarter.Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList());
        AddRollups(batch, RollupTables.Hourly, books.SelectMany(b => b.Rollups.ByHour().Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList());
        AddRollups(batch, RollupTables.Daily, books.SelectMany(b => b.Rollups.ByDay().Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList());
    }

    /// <summary>Adds the deltas to a rollup table (same columns in each, the bucket column named per table).</summary>
    private static void AddRollups(NpgsqlBatch batch, RollupTable table, List<(Guid WorkspaceId, RollupKey Key, RollupTotals Value)> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var bucket = table.Bucket;
        batch.BatchCommands.Add(Command($"""
            INSERT INTO {table.Name} AS r (workspace_id, {bucket}, kind, user_id, integration, service, resource_id, api_key_id,
                actions, data_credits, events, attempts, successes)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[],
                $9::numeric[], $10::numeric[], $11::bigint[], $12::bigint[], $13::bigint[])
            ON CONFLICT (workspace_id, {bucket}, kind, user_id, integration, service, resource_id, api_key_id) DO UPDATE SET
                actions = r.actions + excluded.actions, data_credits = r.data_credits + excluded.data_credits,
                events = r.events + excluded.events, attempts = r.attempts + excluded.attempts,
                successes = r.successes + excluded.successes
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Key.Start).ToArray(),
            rows.Select(r => r.Key.Kind).ToArray(), rows.Select(r => r.Key.UserId).ToArray(),
            rows.Select(r => r.Key.Integration).ToArray(), rows.Select(r => r.Key.Service).ToArray(),
            rows.Select(r => r.Key.ResourceId).ToArray(), rows.Select(r => r.Key.ApiKeyId).ToArray(),
            rows.Select(r => r.Value.Actions).ToArray(), rows.Select(r => r.Value.DataCredits).ToArray(),
            rows.Select(r => r.Value.Events).ToArray(), rows.Select(r => r.Value.Attempts).ToArray(),
            rows.Select(r => r.Value.Successes).ToArray()));
    }
}
