namespace CreditLedger.Bench;

/// <summary>
/// The service's rollup tables as the seeder fills them and the chaos check verifies them, and the value movements the
/// ledger's entries imply: written once for both (this project does not reference the service).
/// </summary>
internal static class RollupSql
{
    public const string Detailed = "kind, user_id, integration, service, resource_id, api_key_id";
    public const string Totals = "kind, integration, service";
    public const string Resources = "kind, integration, resource_id";
    public const string Users = "kind, user_id";

    /// <summary>Each usage rollup table: its bucket column, that bucket computed from a fact's <c>occurred_at</c>, its dimensions.</summary>
    public static readonly (string Table, string Bucket, string BucketOf, string Dimensions)[] UsageTables =
    [
        ("usage_rollups_quarter", "bucket_quarter", "date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')", Detailed),
        ("usage_rollups_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", Detailed),
        ("usage_rollups_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", Detailed),
        ("usage_totals_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", Totals),
        ("usage_totals_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", Totals),
        ("usage_resources_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", Resources),
        ("usage_resources_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", Resources),
        ("usage_users_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')", Users),
        ("usage_users_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')", Users),
    ];

    /// <summary>
    /// A usage rollup table as it stands with the rollup journal's deltas (not yet folded into it) added: Σ per bucket and
    /// dimension of both.
    /// </summary>
    public static string Live((string Table, string Bucket, string BucketOf, string Dimensions) t) => $"""
        SELECT workspace_id, b, {t.Dimensions}, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes) FROM (
            SELECT workspace_id, {t.Bucket} AS b, {t.Dimensions}, actions, data_credits, events, attempts, successes FROM {t.Table}
            UNION ALL SELECT workspace_id, {t.BucketOf.Replace("occurred_at", "bucket_quarter", StringComparison.Ordinal)}, {t.Dimensions},
                actions, data_credits, events, attempts, successes FROM usage_rollup_journal) AS live
        GROUP BY {GroupBy(t.Dimensions)}
        """;

    /// <summary>The hourly value rollups with the value journal's rows added: Σ amount per key.</summary>
    public const string ValueHourlyLive = """
        SELECT workspace_id, bucket_hour, currency, grant_id, movement, sum(amount) FROM (
            SELECT workspace_id, bucket_hour, currency, grant_id, movement, amount FROM value_rollups_hourly
            UNION ALL SELECT workspace_id, bucket_hour, currency, grant_id, movement, amount FROM value_rollup_journal) AS live
        GROUP BY 1, 2, 3, 4, 5
        """;

    /// <summary>The GROUP BY positions of a workspace, a bucket and these dimensions.</summary>
    public static string GroupBy(string dimensions) => string.Join(", ", Enumerable.Range(1, dimensions.Split(',').Length + 2));

    /// <summary>
    /// Σ amount per workspace, UTC hour or day of recording, currency, grant and movement (a reversal counted as the type
    /// of the entry it reverses): what the value rollups hold.
    /// </summary>
    public static string LedgerMovements(string unit) => $"""
        SELECT e.workspace_id, date_trunc('{unit}', e.recorded_at, 'UTC'), e.currency, e.grant_id,
               CASE WHEN e.type = 'reversal' THEN o.type ELSE e.type END, sum(e.amount)
        FROM ledger_entries e
        LEFT JOIN ledger_entries o ON e.type = 'reversal' AND o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id
        WHERE e.type IN ('grant', 'charge', 'expiry', 'void', 'reversal') AND e.grant_id IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5
        """;
}
