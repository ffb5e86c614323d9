namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// The rollup journal: usage deltas that groups appended and <see cref="RollupFolder"/> has not yet moved into the
/// rollup tables. Its rows keep every dimension per quarter hour, so each table's buckets and dimensions derive from them.
/// </summary>
public static class RollupJournal
{
    public const string Name = "usage_rollup_journal";

    private const string Sums = "actions, data_credits, events, attempts, successes";

    /// <summary>
    /// A rollup table as reports must read it: its rows plus the journal's, projected onto its buckets and dimensions, in
    /// one relation (so one snapshot sees each delta once, before or after a fold). Filters on the workspace and the bucket
    /// reach both branches.
    /// </summary>
    public static string Live(RollupTable table)
    {
        var columns = string.Join(", ", table.DimensionColumns.Select(d => d.Column));
        return $"""
            (SELECT workspace_id, {table.Bucket}, {columns}, {Sums} FROM {table.Name}
             UNION ALL SELECT workspace_id, {BucketOfQuarter(table)}, {columns}, {Sums} FROM {Name}) AS live
            """;
    }

    private const string Grain = "workspace_id, bucket_quarter, kind, user_id, integration, service, resource_id, api_key_id";

    /// <summary>
    /// One fold: moves the committed journal rows that match <paramref name="where"/> (empty: all) into every rollup
    /// table, summed per table's bucket and dimensions.
    /// </summary>
    public static string FoldSql(string where) => Move(Name, where, $"""
        SELECT {Grain}, sum(actions) AS actions, sum(data_credits) AS data_credits, sum(events) AS events,
               sum(attempts) AS attempts, sum(successes) AS successes
        FROM moved GROUP BY {Grain}
        """, RollupTables.All.Select(Upsert));

    /// <summary>
    /// Moves a journal's committed rows that match <paramref name="where"/> into tables: the <c>DELETE … RETURNING</c> and
    /// the upserts are one statement, so a row is either still in the journal or in every table it feeds. The moved rows
    /// are summed once to the journal's own grain (<paramref name="summed"/>, read as <c>summed</c>), and each table groups
    /// those few rows rather than every moved one. The statement returns the rows moved.
    /// </summary>
    public static string Move(string journal, string where, string summed, IEnumerable<string> upsertsFromSummed) => $"""
        WITH moved AS (DELETE FROM {journal} {where} RETURNING *),
        summed AS ({summed}),
        {string.Join(",\n", upsertsFromSummed.Select((upsert, i) => $"u{i} AS ({upsert})"))}
        SELECT count(*) FROM moved
        """;

    private static string Upsert(RollupTable table)
    {
        var columns = string.Join(", ", table.DimensionColumns.Select(d => d.Column));
        var groups = string.Join(", ", Enumerable.Range(1, table.DimensionColumns.Count + 2));
        return $"""
            INSERT INTO {table.Name} AS r (workspace_id, {table.Bucket}, {columns}, {Sums})
            SELECT workspace_id, {BucketOfQuarter(table)}, {columns},
                   sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
            FROM summed GROUP BY {groups}
            ON CONFLICT (workspace_id, {table.Bucket}, {columns}) DO UPDATE SET
                actions = r.actions + excluded.actions, data_credits = r.data_credits + excluded.data_credits,
                events = r.events + excluded.events, attempts = r.attempts + excluded.attempts,
                successes = r.successes + excluded.successes
            """;
    }

    /// <summary>A table's bucket of a journal row: its bucket expression applied to the row's quarter hour.</summary>
    private static string BucketOfQuarter(RollupTable table) => table.BucketOf.Replace("occurred_at", "bucket_quarter", StringComparison.Ordinal);
}
