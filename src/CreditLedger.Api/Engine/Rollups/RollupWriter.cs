using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// Appends the rollup deltas of a transaction's books to the rollup journal, in the ledger's own batch: one multi-row
/// INSERT at the finest grain (quarter hour, every dimension). <see cref="RollupFolder"/> moves them into the rollup
/// tables; <see cref="RollupReader"/> reads both, so reports always equal the ledger.
/// </summary>
public static class RollupWriter
{
    public static void AddRollups(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.Rollups.ByQuarter.Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command($"""
            INSERT INTO {RollupJournal.Name} (workspace_id, bucket_quarter, kind, user_id, integration, service, resource_id, api_key_id,
                actions, data_credits, events, attempts, successes)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[],
                $9::numeric[], $10::numeric[], $11::bigint[], $12::bigint[], $13::bigint[])
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Key.Start).ToArray(), rows.Select(r => r.Key.Kind).ToArray(),
            rows.Select(r => r.Key.UserId).ToArray(), rows.Select(r => r.Key.Integration).ToArray(), rows.Select(r => r.Key.Service).ToArray(),
            rows.Select(r => r.Key.ResourceId).ToArray(), rows.Select(r => r.Key.ApiKeyId).ToArray(),
            rows.Select(r => r.Value.Actions).ToArray(), rows.Select(r => r.Value.DataCredits).ToArray(),
            rows.Select(r => r.Value.Events).ToArray(), rows.Select(r => r.Value.Attempts).ToArray(),
            rows.Select(r => r.Value.Successes).ToArray()));
    }
}
