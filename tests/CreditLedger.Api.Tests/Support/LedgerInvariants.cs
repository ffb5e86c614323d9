using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// The ledger's invariants, checked straight in the database for every workspace: each balance equals the
/// sum of its ledger and of its grants' remainders, held credit equals open holds, sequences are gapless, each entry's
/// other balance is the other currency's,
/// every entry's id carries its sequence, every spend counter equals its recomputation from the ledger, and every hash chain
/// verifies.
/// </summary>
public static class LedgerInvariants
{
    /// <summary>
    /// Every rollup table, its bucket (as computed from a fact's <c>occurred_at</c>) and the dimensions it keeps: written out
    /// here rather than read from the service, so a table the service forgets to keep exact fails.
    /// </summary>
    public static readonly (string Table, string Bucket, string BucketOf, string Dimensions)[] RollupTables =
    [
        ("usage_rollups_quarter", "bucket_quarter", "date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')",
            "kind, user_id, integration, service, resource_id, api_key_id"),
        ("usage_rollups_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", "kind, user_id, integration, service, resource_id, api_key_id"),
        ("usage_rollups_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", "kind, user_id, integration, service, resource_id, api_key_id"),
        ("usage_totals_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", "kind, integration, service"),
        ("usage_totals_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", "kind, integration, service"),
        ("usage_resources_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", "kind, integration, resource_id"),
        ("usage_resources_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", "kind, integration, resource_id"),
        ("usage_users_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", "kind, user_id"),
        ("usage_users_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", "kind, user_id"),
    ];

    /// <summary>Rows where a rollup table and the raw usage facts disagree, per bucket and in every dimension the table keeps.</summary>
    private static readonly string RollupsDifferFromFacts = string.Join(" + ", RollupTables.Select(t => $"""
            (SELECT count(*) FROM (
                (SELECT workspace_id, {t.Bucket} AS bucket, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
                 FROM {Live(t)} GROUP BY {GroupBy(t.Dimensions)} HAVING sum(events) <> 0 OR sum(actions) <> 0 OR sum(data_credits) <> 0
                 EXCEPT
                 SELECT workspace_id, {t.BucketOf} AS bucket, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
                 FROM usage_facts GROUP BY {GroupBy(t.Dimensions)} HAVING sum(events) <> 0 OR sum(actions) <> 0 OR sum(data_credits) <> 0)
                UNION ALL
                (SELECT workspace_id, {t.BucketOf} AS bucket, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
                 FROM usage_facts GROUP BY {GroupBy(t.Dimensions)} HAVING sum(events) <> 0 OR sum(actions) <> 0 OR sum(data_credits) <> 0
                 EXCEPT
                 SELECT workspace_id, {t.Bucket} AS bucket, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
                 FROM {Live(t)} GROUP BY {GroupBy(t.Dimensions)} HAVING sum(events) <> 0 OR sum(actions) <> 0 OR sum(data_credits) <> 0)) AS d)
            """)).Insert(0, "SELECT ");

    /// <summary>
    /// Usage events whose stored amounts are not the sum of their charge entries, or (amounts NULL, as events stored
    /// before they kept them) whose charges were recorded at another instant, where the facts view would not find them;
    /// and usage charges without their event. (An event with one amount and not the other the database refuses.)
    /// </summary>
    private const string UsageAmountsDifferFromLedger = """
        SELECT (SELECT count(*) FROM usage_events u
                LEFT JOIN (SELECT workspace_id, usage_id, -sum(amount) FILTER (WHERE currency = 'actions') AS actions,
                                  -sum(amount) FILTER (WHERE currency = 'data_credits') AS data_credits,
                                  min(recorded_at) AS first, max(recorded_at) AS last
                           FROM ledger_entries WHERE type = 'charge' AND usage_id IS NOT NULL GROUP BY 1, 2) AS c
                       ON c.workspace_id = u.workspace_id AND c.usage_id = u.id
                WHERE u.actions <> coalesce(c.actions, 0) OR u.data_credits <> coalesce(c.data_credits, 0)
                   OR c.first <> u.recorded_at OR c.last <> u.recorded_at)
             + (SELECT count(*) FROM ledger_entries e WHERE e.type = 'charge' AND e.usage_id IS NOT NULL
                AND NOT EXISTS (SELECT FROM usage_events u WHERE u.workspace_id = e.workspace_id AND u.id = e.usage_id))
        """;

    /// <summary>Rows where a value rollup and the ledger's own entries disagree, per bucket, currency, grant and movement.</summary>
    private static readonly string ValueRollupsDifferFromLedger = "SELECT " + string.Join(" + ", new[] { ("value_rollups_hourly", "bucket_hour", "hour"), ("value_rollups_daily", "bucket_day", "day") }
        .Select(t => $"""
            (SELECT count(*) FROM (
                (SELECT * FROM {ValueLive(t.Item1, t.Item2, t.Item3)}
                 EXCEPT ALL
                 SELECT * FROM ledger_movements_{t.Item3})
                UNION ALL
                (SELECT * FROM ledger_movements_{t.Item3}
                 EXCEPT ALL
                 SELECT * FROM {ValueLive(t.Item1, t.Item2, t.Item3)})) AS d)
            """)).Replace("ledger_movements_hour", LedgerMovements("hour")).Replace("ledger_movements_day", LedgerMovements("day"));

    /// <summary>
    /// Entries whose other currency's balance is not that currency's <c>balance_after</c> as of the entry (0 before its
    /// first), or is NULL after an entry that has one (NULL is only for entries written before the ledger kept it). Each
    /// entry is grouped with the last entry of each currency at or before it, by counting each currency's entries so far.
    /// </summary>
    private const string OtherBalancesDifferFromLedger = """
        SELECT count(*) FILTER (WHERE other_balance_after <> CASE currency WHEN 'actions' THEN data_credits_at ELSE actions_at END)
             + count(*) FILTER (WHERE other_balance_after IS NULL AND kept_before > 0)
        FROM (SELECT currency, other_balance_after, kept_before,
                     coalesce(max(balance_after) FILTER (WHERE currency = 'actions') OVER (PARTITION BY workspace_id, actions_seen), 0) AS actions_at,
                     coalesce(max(balance_after) FILTER (WHERE currency = 'data_credits') OVER (PARTITION BY workspace_id, data_credits_seen), 0) AS data_credits_at
              FROM (SELECT workspace_id, currency, balance_after, other_balance_after,
                           count(*) FILTER (WHERE currency = 'actions') OVER w AS actions_seen,
                           count(*) FILTER (WHERE currency = 'data_credits') OVER w AS data_credits_seen,
                           count(other_balance_after) OVER w AS kept_before
                    FROM ledger_entries WINDOW w AS (PARTITION BY workspace_id ORDER BY sequence)) AS seen) AS e
        """;

    /// <summary>The value rollups as the ledger says they should be: a reversal counts as the type of the entry it reverses.</summary>
    private static string LedgerMovements(string unit) => $"""
        (SELECT e.workspace_id, date_trunc('{unit}', e.recorded_at, 'UTC') AS bucket, e.currency, e.grant_id,
                CASE WHEN e.type = 'reversal' THEN o.type ELSE e.type END AS movement, sum(e.amount) AS amount
         FROM ledger_entries e LEFT JOIN ledger_entries o ON e.type = 'reversal' AND o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id
         WHERE e.type IN ('grant', 'charge', 'expiry', 'void', 'reversal') AND e.grant_id IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(e.amount) <> 0) AS expected
        """;

    /// <summary>
    /// A rollup table with the rollup journal's rows (deltas not yet folded into it) added in its buckets and dimensions:
    /// what reports read, and what must equal the facts at every moment.
    /// </summary>
    private static string Live((string Table, string Bucket, string BucketOf, string Dimensions) t) => $"""
        (SELECT workspace_id, {t.Bucket}, {t.Dimensions}, actions, data_credits, events, attempts, successes FROM {t.Table}
         UNION ALL SELECT workspace_id, {t.BucketOf.Replace("occurred_at", "bucket_quarter", StringComparison.Ordinal)}, {t.Dimensions},
             actions, data_credits, events, attempts, successes FROM usage_rollup_journal) AS live
        """;

    /// <summary>A value rollup table with the value journal's rows added in its buckets: Σ amount per key, where not zero.</summary>
    private static string ValueLive(string table, string bucket, string unit) => $"""
        (SELECT workspace_id, b, currency, grant_id, movement, sum(amount) FROM (
            SELECT workspace_id, {bucket} AS b, currency, grant_id, movement, amount FROM {table}
            UNION ALL SELECT workspace_id, date_trunc('{unit}', bucket_hour, 'UTC'), currency, grant_id, movement, amount FROM value_rollup_journal) AS v
         GROUP BY 1, 2, 3, 4, 5 HAVING sum(amount) <> 0) AS live
        """;

    private static string GroupBy(string dimensions) => string.Join(", ", Enumerable.Range(1, dimensions.Split(',').Length + 2));

    public static async Task AssertAllAsync(LedgerApiFactory api)
    {
        await using var connection = await api.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT h.workspace_id, c.currency,
                   CASE c.currency WHEN 'actions' THEN h.actions_available ELSE h.data_credits_available END,
                   CASE c.currency WHEN 'actions' THEN h.actions_held ELSE h.data_credits_held END,
                   COALESCE((SELECT sum(amount) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id AND l.currency = c.currency), 0),
                   COALESCE((SELECT -sum(amount) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id AND l.currency = c.currency
                             AND l.type IN ('hold', 'release')), 0),
                   COALESCE((SELECT sum(remaining) FROM grants g WHERE g.workspace_id = h.workspace_id AND g.currency = c.currency), 0),
                   h.last_sequence,
                   (SELECT count(*) FROM ledger_entries l WHERE l.workspace_id = h.workspace_id)
            FROM workspace_heads h CROSS JOIN (VALUES ('actions'), ('data_credits')) AS c(currency)
            """, connection);
        var workspaces = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var (workspace, currency) = (reader.GetGuid(0), reader.GetString(1));
                var label = $"workspace {workspace} {currency}";
                reader.GetDecimal(4).ShouldBe(reader.GetDecimal(2), $"{label}: Σ ledger must equal the available balance");
                reader.GetDecimal(5).ShouldBe(reader.GetDecimal(3), $"{label}: open holds must equal the held balance");
                reader.GetDecimal(6).ShouldBe(reader.GetDecimal(2), $"{label}: Σ grant remainders must equal the available balance");
                reader.GetInt64(8).ShouldBe(reader.GetInt64(7), $"{label}: sequences must be gapless");
                workspaces.Add(workspace);
            }
        }

        await using (var rollups = new NpgsqlCommand(RollupsDifferFromFacts, connection))
        {
            (await rollups.ExecuteScalarAsync()).ShouldBe(0L, "every rollup table must equal the raw facts in each of its buckets and dimensions");
        }

        await using (var charged = new NpgsqlCommand(UsageAmountsDifferFromLedger, connection))
        {
            (await charged.ExecuteScalarAsync()).ShouldBe(0L,
                "each usage event keeps what its charge entries add up to (or nothing, and then shares their recorded instant), and every usage charge has its event");
        }

        // A usage key stored before events held their own (ADR 36) names an event that is there, in the key's workspace,
        // recorded by the transaction that stored the key, and named by no other key; and no key is held both by an event
        // and by a row of its own (ADR 37). The database checks neither across the two tables: a trigger probing the other
        // table per key cost what the narrower rows save, and the writer reads both under the workspace's lock.
        await using (var named = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM idempotency_keys k
                    LEFT JOIN usage_events e ON e.workspace_id = k.workspace_id AND e.id = k.usage_id
                    WHERE k.usage_id IS NOT NULL AND (e.id IS NULL OR e.recorded_at <> k.created_at))
                 + (SELECT count(*) FROM (SELECT 1 FROM idempotency_keys WHERE usage_id IS NOT NULL
                                          GROUP BY workspace_id, usage_id HAVING count(*) > 1) AS twice)
                 + (SELECT count(*) FROM idempotency_keys k JOIN usage_events e
                      ON e.workspace_id = k.workspace_id AND e.idempotency_key = k.key WHERE k.scope = 'usage')
                 + (SELECT count(*) FROM idempotency_keys k JOIN usage_events e
                      ON e.workspace_id = k.workspace_id AND e.id = k.usage_id WHERE e.idempotency_key IS NOT NULL)
            """, connection))
        {
            (await named.ExecuteScalarAsync()).ShouldBe(0L,
                "every usage key is held once: by its event, or by a row naming one event of its workspace recorded with it");
        }

        await using (var values = new NpgsqlCommand(ValueRollupsDifferFromLedger, connection))
        {
            (await values.ExecuteScalarAsync()).ShouldBe(0L, "the value rollups must equal the ledger's entries per bucket, currency, grant and movement");
        }

        await using (var other = new NpgsqlCommand(OtherBalancesDifferFromLedger, connection))
        {
            (await other.ExecuteScalarAsync()).ShouldBe(0L,
                "each entry's other_balance_after must be the other currency's balance_after at that point, and kept on every entry after the first that has one");
        }

        // Ids carry their sequence (ADR 33), so the unique index on (workspace_id, id) holds none of them: the id the
        // engine wrote must be the one the database's own function gives, marked as such, and no id may appear twice in a workspace.
        await using (var ids = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM ledger_entries
                    WHERE id <> ledger_entry_id(workspace_id, sequence, recorded_at) OR id_carries_sequence IS NOT TRUE)
                 + (SELECT count(*) FROM (SELECT 1 FROM ledger_entries GROUP BY workspace_id, id HAVING count(*) > 1) AS twice)
            """, connection))
        {
            (await ids.ExecuteScalarAsync()).ShouldBe(0L, "every entry's id carries its sequence and its millisecond, and is unique in its workspace");
        }

        // A pending grant is never drawn from and never counts; a voided one keeps nothing (its remainder left as a void).
        await using (var lifecycle = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM grants WHERE status <> 'active' AND remaining <> 0)
                 + (SELECT count(*) FROM ledger_entries e JOIN grants g ON g.workspace_id = e.workspace_id AND g.id = e.grant_id
                    WHERE g.status = 'pending')
            """, connection))
        {
            (await lifecycle.ExecuteScalarAsync()).ShouldBe(0L, "no pending grant has an entry and no pending or voided grant keeps credit");
        }

        // Auto top-up: at most one top-up grant of a currency waits for payment; every top-up is a purchase made by a rule
        // that counted it.
        await using (var topUps = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM grants WHERE auto_top_up AND status = 'pending'
                                          GROUP BY workspace_id, currency HAVING count(*) > 1) AS twice)
                 + (SELECT count(*) FROM grants g WHERE g.auto_top_up AND (g.source <> 'purchase' OR NOT EXISTS (
                        SELECT 1 FROM auto_top_up_rules r WHERE r.workspace_id = g.workspace_id AND r.currency = g.currency AND r.used_count > 0)))
            """, connection))
        {
            (await topUps.ExecuteScalarAsync()).ShouldBe(0L, "one pending top-up per currency at most, and every top-up is a counted purchase");
        }

        await SpendCounterInvariants.AssertAsync(connection);
        foreach (var workspace in workspaces)
        {
            var verify = await (await api.Admin().GetAsync($"/v1/workspaces/{workspace}/ledger/verify")).Expect(HttpStatusCode.OK);
            verify.GetProperty("valid").GetBoolean().ShouldBeTrue($"hash chain of {workspace}");
        }
    }
}
