using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CreditLedger.Bench;

/// <summary>
/// After a fault run: every acknowledged event is recorded exactly once, nothing is half-written, balances equal
/// the sum of the ledger, each usage event carries what its charges add up to, each usage key names an event its replay
/// is written from, hash chains verify, and the rollups equal a rebuild from the ledger.
/// </summary>
public static class ChaosVerify
{
    public static async Task<int> RunAsync(Args args)
    {
        var acknowledged = (await File.ReadAllLinesAsync(args.Required("acks"))).Where(l => l.Length > 0).ToHashSet();
        await using var database = NpgsqlDataSource.Create(args.Required("owner-connection"));
        var recorded = new HashSet<string>();
        // Only the keys of this chaos run (racing and other loads use their own keys).
        // Keys stored before usage events held their own (ADR 37) are read too, so a run on an upgraded database counts them.
        await using (var command = database.CreateCommand($"""
            SELECT workspace_id, idempotency_key FROM usage_events WHERE idempotency_key LIKE '{args.Required("run")}-%'
            UNION ALL SELECT workspace_id, key FROM idempotency_keys WHERE scope = 'usage' AND key LIKE '{args.Required("run")}-%'
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                recorded.Add($"{reader.GetGuid(0)} {reader.GetString(1)}");
            }
        }

        var checks = new (string Name, long Value)[]
        {
            ("acknowledged", acknowledged.Count),
            ("lost (acknowledged, not recorded)", acknowledged.Count(a => !recorded.Contains(a))),
            ("recorded but never acknowledged", recorded.Count(r => !acknowledged.Contains(r))),
            ("duplicates (usage rows beyond one per key)", await Scalar(database, """
                SELECT (SELECT count(*) FROM usage_events WHERE idempotency_key IS NULL) - (SELECT count(*) FROM idempotency_keys WHERE scope = 'usage')
                """)),
            ("usage keys held twice (by an event and by a row of their own)", await Scalar(database, """
                SELECT count(*) FROM idempotency_keys k JOIN usage_events e ON e.workspace_id = k.workspace_id AND e.idempotency_key = k.key
                WHERE k.scope = 'usage'
                """)),
            ("half-written (usage without its two charges)", await Scalar(database,
                $"SELECT count(*) {UsageWithItsCharges} WHERE u.outcome = 'success' AND u.kind = 'enrichment' AND COALESCE(l.charges, 0) <> 2")),
            ("usage events whose stored charges differ from their entries", await Scalar(database,
                $"SELECT count(*) {UsageWithItsCharges} WHERE u.actions IS DISTINCT FROM COALESCE(l.actions, 0) OR u.data_credits IS DISTINCT FROM COALESCE(l.data_credits, 0)")),
            ("usage keys whose replay has no event to be written from", await Scalar(database, """
                SELECT count(*) FROM idempotency_keys k WHERE k.scope = 'usage' AND k.response IS NULL
                  AND NOT EXISTS (SELECT FROM usage_events e WHERE e.workspace_id = k.workspace_id AND e.id = k.usage_id)
                """)),
            ("balances differing from the sum of the ledger", await Scalar(database, """
                SELECT count(*) FROM workspace_heads h WHERE
                  h.actions_available <> (SELECT COALESCE(sum(amount), 0) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id AND l.currency = 'actions')
                  OR h.data_credits_available <> (SELECT COALESCE(sum(amount), 0) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id AND l.currency = 'data_credits')
                """)),
            ("rollup rows differing from a rebuild", await Scalar(database, RollupsDifferFromFacts)),
            ("value rollup rows differing from the ledger", await Scalar(database, ValueRollupsDifferFromLedger)),
            ("hash chains that do not verify", await BrokenChainsAsync(args, database)),
        };
        foreach (var (name, value) in checks)
        {
            Console.WriteLine($"  {name}: {value}");
        }

        return checks.Skip(1).Any(c => c.Value != 0) ? 1 : 0;
    }

    private static async Task<long> BrokenChainsAsync(Args args, NpgsqlDataSource database)
    {
        using var http = Http.Admin(args.Required("url"), args.Required("admin-key"));
        var broken = 0;
        await using var command = database.CreateCommand("SELECT workspace_id FROM workspace_heads");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var verify = await http.GetFromJsonAsync<JsonElement>($"/v1/workspaces/{reader.GetGuid(0)}/ledger/verify");
            broken += verify.GetProperty("valid").GetBoolean() ? 0 : 1;
        }

        return broken;
    }

    /// <summary>
    /// Each usage event beside its charge entries (how many, and what they add up to per currency). Every event of a
    /// chaos run is written by this version, so each carries its charges (ADR 35): none may differ, none may be NULL.
    /// </summary>
    private const string UsageWithItsCharges = """
        FROM usage_events u
        LEFT JOIN (SELECT workspace_id, usage_id, count(*) AS charges, -sum(amount) FILTER (WHERE currency = 'actions') AS actions,
                          -sum(amount) FILTER (WHERE currency = 'data_credits') AS data_credits
                   FROM ledger_entries WHERE type = 'charge' AND usage_id IS NOT NULL GROUP BY 1, 2) l
          ON l.workspace_id = u.workspace_id AND l.usage_id = u.id
        """;

    /// <summary>Each rollup table with its bucket and dimensions (and the journal's deltas not yet folded), compared row by row with the same sums rebuilt from the raw facts.</summary>
    private static readonly string RollupsDifferFromFacts = "SELECT " + string.Join(" + ", RollupSql.UsageTables.Select(t =>
    {
        var kept = RollupSql.Live(t);
        var rebuilt = $"SELECT workspace_id, {t.BucketOf}, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes) FROM usage_facts GROUP BY {RollupSql.GroupBy(t.Dimensions)}";
        return $"(SELECT count(*) FROM (({rebuilt}) EXCEPT ({kept})) a) + (SELECT count(*) FROM (({kept}) EXCEPT ({rebuilt})) b)";
    }));

    /// <summary>The hourly value rollups (and their journal) against the same sums computed from the ledger's entries.</summary>
    private static readonly string ValueRollupsDifferFromLedger = $"""
        WITH expected AS ({RollupSql.LedgerMovements("hour")}),
        kept AS ({RollupSql.ValueHourlyLive})
        SELECT (SELECT count(*) FROM (SELECT * FROM expected EXCEPT SELECT * FROM kept) a) + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM expected) b)
        """;

    private static async Task<long> Scalar(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 0; // whole-database checks over a large run
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
