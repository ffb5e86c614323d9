using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CreditLedger.Bench;

/// <summary>
/// Seeds a report benchmark: workspaces and users through the API, then a resource tree per workspace (5 folders
/// x 2 workbooks x 5 tables = 65 resources, 13,000 over 200 workspaces), usage events (four in five on a table)
/// and their charge entries (two per event: actions and data credits) straight into PostgreSQL as the schema
/// owner, spread over the last N days, then the rollups from the same facts the service's rebuild uses. Hash chains of seeded rows
/// are not meaningful; the benchmark measures reads.
/// </summary>
public static class ReportSeeder
{
    public static async Task<int> RunAsync(Args args)
    {
        var (workspaces, events, days) = (args.Number("workspaces", 200), args.Number("events", 5_000_000), args.Number("days", 90));
        var owner = args.Required("owner-connection");
        await using var database = NpgsqlDataSource.Create(owner);
        var existing = (long)(await database.CreateCommand("SELECT count(*) FROM ledger_entries").ExecuteScalarAsync())!;
        if (existing >= events * 2L)
        {
            Console.WriteLine($"Already seeded: {existing:N0} ledger entries.");
            return 0;
        }

        var clock = Stopwatch.StartNew();
        using var http = Http.Admin(args.Required("url"), args.Required("admin-key"));
        for (var i = 0; i < workspaces; i++)
        {
            var created = await http.PostAsJsonAsync("/v1/workspaces", new
            {
                name = $"Bench {i}",
                plan = new { name = "Bench", actionsPerCycle = 1_000_000, dataCreditsPerCycle = 1_000_000, unitPrices = new { dataCredits = 0.04m } },
            });
            var id = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            for (var u = 0; u < 5; u++)
            {
                (await http.PostAsJsonAsync($"/v1/workspaces/{id}/users", new { email = $"user{u}@bench{i}.example", name = $"User {u}" })).EnsureSuccessStatusCode();
            }
        }

        Console.WriteLine($"Created {workspaces} workspaces with 5 users each in {clock.Elapsed.TotalSeconds:0}s");
        await using var connection = await database.OpenConnectionAsync();
        foreach (var (label, sql) in Steps(events, days))
        {
            var step = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
            Console.WriteLine($"{label} in {step.Elapsed.TotalSeconds:0}s");
        }

        Console.WriteLine($"Seeded in {clock.Elapsed.TotalMinutes:0.0} min");
        return 0;
    }

    private static IEnumerable<(string, string)> Steps(int events, int days)
    {
        yield return ("Prepared", """
            SET synchronous_commit = off;
            SET maintenance_work_mem = '1GB';
            CREATE TEMP TABLE bench_ws AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM workspaces;
            CREATE TEMP TABLE bench_users AS
                SELECT w.n, row_number() OVER (PARTITION BY u.workspace_id ORDER BY u.id) - 1 AS k, u.id
                FROM users u JOIN bench_ws w ON w.id = u.workspace_id;
            CREATE TEMP TABLE bench_services (k, service) AS VALUES (0, 'email_finder'), (1, 'email_validation'),
                (2, 'mobile_finder'), (3, 'mobile_validation'), (4, 'b2b_profile_search'), (5, 'company_finder'), (6, 'jobs_data');
            """);
        yield return ("Created 65 resources per workspace", """
            INSERT INTO resources (workspace_id, id, kind, name, parent_id, created_at, updated_at)
            SELECT id, 'f' || f, 'folder', 'Folder ' || f, NULL, now(), now() FROM bench_ws, generate_series(0, 4) f;
            INSERT INTO resources (workspace_id, id, kind, name, parent_id, created_at, updated_at)
            SELECT id, 'wb' || b, 'workbook', 'Workbook ' || b, 'f' || (b / 2), now(), now() FROM bench_ws, generate_series(0, 9) b;
            INSERT INTO resources (workspace_id, id, kind, name, parent_id, created_at, updated_at)
            SELECT id, 't' || t, 'table', 'Table ' || t, 'wb' || (t / 5), now(), now() FROM bench_ws, generate_series(0, 49) t;
            """);
        yield return ($"Inserted {events:N0} usage events", $"""
            INSERT INTO usage_events (workspace_id, id, kind, user_id, integration, service, outcome, quantity, occurred_at, recorded_at,
                resource_id, actions, data_credits, idempotency_key, request_hash)
            SELECT w.id, gen_random_uuid(),
                   CASE WHEN i % 10 < 7 THEN 'enrichment' WHEN i % 10 < 8 THEN 'table_run' WHEN i % 10 < 9 THEN 'ai_call' ELSE 'export' END,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE u.id END,
                   CASE WHEN i % 10 < 7 THEN 'leadmagic' END,
                   CASE WHEN i % 10 < 7 THEN s.service END,
                   CASE WHEN i % 13 < 8 THEN 'success' WHEN i % 13 < 12 THEN 'not_found' ELSE 'failed' END,
                   1, r.at, r.at + interval '1 second',
                   CASE WHEN i % 5 = 0 THEN NULL ELSE 't' || (i / 11) % 50 END,
                   1, 1, -- what its two charge entries below add up to
                   'seed-' || i, sha256(int8send(i)) -- each event holds its request's key, as the service's do
            FROM generate_series(0, {events - 1}) AS i
            -- Recorded a second after it occurred, as a live ingest would: the balance history reads recorded_at.
            CROSS JOIN LATERAL (SELECT now() - random() * interval '{days} days' AS at WHERE i IS NOT NULL) AS r
            JOIN bench_ws w ON w.n = i % (SELECT count(*) FROM bench_ws)
            JOIN bench_users u ON u.n = w.n AND u.k = (i / 7) % 5
            JOIN bench_services s ON s.k = (i / 3) % 7;
            """);
        // The engine records a workspace's entries in time order, and the charges below are back-dated: the plan grants
        // the API recorded just now (sequences 1 and 2) are moved to before the seeded range first, as if each workspace
        // had opened then. The owner lifts the append-only guard for that one statement; seeded chains are not meaningful.
        yield return ("Moved the plan grants' entries before the seeded range", $"""
            ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete;
            UPDATE ledger_entries SET recorded_at = now() - interval '{days} days 1 hour',
                                      id = ledger_entry_id(workspace_id, sequence, now() - interval '{days} days 1 hour')
            WHERE type = 'grant';
            ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_no_update_delete;
            """);
        yield return ("Inserted the charge entries (two per event)", """
            INSERT INTO ledger_entries (workspace_id, sequence, id, type, currency, amount, balance_after, occurred_at, recorded_at,
                usage_id, user_id, kind, integration, service, resource_id, hash, grant_id, other_balance_after, id_carries_sequence)
            SELECT e.workspace_id,
                   1000 + 2 * row_number() OVER (PARTITION BY e.workspace_id ORDER BY e.recorded_at, e.id) + c.k,
                   -- The id the service would give the entry: its sequence, carried in the id (ADR 33).
                   ledger_entry_id(e.workspace_id, 1000 + 2 * row_number() OVER (PARTITION BY e.workspace_id ORDER BY e.recorded_at, e.id) + c.k,
                                   e.recorded_at), 'charge', c.currency, -1, 0, e.occurred_at, e.recorded_at, e.id, e.user_id, e.kind,
                   e.integration, e.service, e.resource_id, '\x00'::bytea, g.id, 0, true
            FROM usage_events e CROSS JOIN (VALUES (0, 'actions'), (1, 'data_credits')) AS c(k, currency)
            -- Drawn from the workspace's plan grant of the currency, so the value report joins every charge to its price.
            JOIN grants g ON g.workspace_id = e.workspace_id AND g.currency = c.currency AND g.source = 'subscription';
            """);
        yield return ("Moved the heads past the seeded sequences", """
            UPDATE workspace_heads h SET last_sequence = s.last, usage_count = s.events
            FROM (SELECT workspace_id, max(sequence) AS last, count(*) / 2 AS events FROM ledger_entries GROUP BY workspace_id) s
            WHERE s.workspace_id = h.workspace_id;
            """);
        yield return ("Rebuilt the rollups", $"""
            {Rollup("usage_rollups_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", "usage_facts")}
            {Rollup("usage_rollups_daily", "bucket_day", "date_trunc('day', bucket_hour, 'UTC')", "usage_rollups_hourly")}
            {Rollup("usage_rollups_quarter", "bucket_quarter", "date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00')", "usage_facts")}
            {Rollup("usage_totals_hourly", "bucket_hour", "bucket_hour", "usage_rollups_hourly", RollupSql.Totals)}
            {Rollup("usage_totals_daily", "bucket_day", "bucket_day", "usage_rollups_daily", RollupSql.Totals)}
            {Rollup("usage_resources_hourly", "bucket_hour", "bucket_hour", "usage_rollups_hourly", RollupSql.Resources)}
            {Rollup("usage_resources_daily", "bucket_day", "bucket_day", "usage_rollups_daily", RollupSql.Resources)}
            {Rollup("usage_users_hourly", "bucket_hour", "bucket_hour", "usage_rollups_hourly", RollupSql.Users)}
            {Rollup("usage_users_daily", "bucket_day", "bucket_day", "usage_rollups_daily", RollupSql.Users)}
            {ValueRollup("value_rollups_hourly", "bucket_hour", "hour")}
            {ValueRollup("value_rollups_daily", "bucket_day", "day")}
            """);
        yield return ("Vacuumed and analyzed", "VACUUM (ANALYZE);");
    }

    private static string ValueRollup(string table, string bucket, string unit) => $"""
        DELETE FROM {table};
        INSERT INTO {table} (workspace_id, {bucket}, currency, grant_id, movement, amount)
        {RollupSql.LedgerMovements(unit)};
        """;

    private static string Rollup(string table, string bucket, string bucketExpression, string source, string dimensions = RollupSql.Detailed) => $"""
        DELETE FROM {table};
        INSERT INTO {table} (workspace_id, {bucket}, {dimensions}, actions, data_credits, events, attempts, successes)
        SELECT workspace_id, {bucketExpression}, {dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
        FROM {source} GROUP BY {RollupSql.GroupBy(dimensions)};
        """;
}
