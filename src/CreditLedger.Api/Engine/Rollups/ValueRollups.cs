using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;

using static CreditLedger.Api.Engine.Rollups.UtcBuckets;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>
/// The value rollups (<see cref="ValueDeltas"/>): appended to their journal in the ledger's batch, folded into the hourly
/// and daily tables by <see cref="RollupFolder"/>, rebuilt from the ledger, and read by the value report, which takes whole
/// UTC days and hours from them (and the journal's whole hours not yet folded) and only the partial hours at either end
/// of its range from the ledger entries themselves.
/// </summary>
public static class ValueRollups
{
    /// <summary>Value deltas not yet folded into the rollups, per hour; reports read them with the rollups.</summary>
    public const string Journal = "value_rollup_journal";

    private static readonly (string Table, string Bucket, string BucketOf)[] Tables =
    [
        ("value_rollups_hourly", "bucket_hour", "date_trunc('hour', e.recorded_at, 'UTC')"),
        ("value_rollups_daily", "bucket_day", "date_trunc('day', e.recorded_at, 'UTC')"),
    ];

    /// <summary>Appends the books' value deltas, per hour, to the value rollup journal (folded by <see cref="RollupFolder"/>).</summary>
    public static void AddWrites(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.Values.ByHour.Select(kv => (b.WorkspaceId, kv.Key, kv.Value))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command($"""
            INSERT INTO {Journal} (workspace_id, bucket_hour, currency, grant_id, movement, amount)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::uuid[], $5::text[], $6::numeric[])
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Key.Hour).ToArray(), rows.Select(r => r.Key.Currency.ToWire()).ToArray(),
            rows.Select(r => r.Key.GrantId).ToArray(), rows.Select(r => r.Key.Movement).ToArray(), rows.Select(r => r.Value).ToArray()));
    }

    /// <summary>
    /// Moves the committed rows of the value journal that match <paramref name="where"/> (empty: all) into the hourly and
    /// daily value rollups (<see cref="RollupJournal.Move"/>).
    /// </summary>
    public static string FoldSql(string where) => RollupJournal.Move(Journal, where, """
        SELECT workspace_id, bucket_hour, currency, grant_id, movement, sum(amount) AS amount FROM moved GROUP BY 1, 2, 3, 4, 5
        """, Tables.Select(t => $"""
        INSERT INTO {t.Table} AS r (workspace_id, {t.Bucket}, currency, grant_id, movement, amount)
        SELECT workspace_id, {t.BucketOf.Replace("e.recorded_at", "bucket_hour", StringComparison.Ordinal)}, currency, grant_id, movement, sum(amount)
        FROM summed GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT (workspace_id, {t.Bucket}, currency, grant_id, movement) DO UPDATE SET amount = r.amount + excluded.amount
        """));

    /// <summary>
    /// Deletes and recomputes one workspace's value rollups from its ledger (the caller holds its lock and has deleted its
    /// journal rows).
    /// </summary>
    public static IEnumerable<NpgsqlBatchCommand> Rebuild(Guid workspaceId) => Tables.SelectMany(t => new[]
    {
        Sql.BatchCommand($"DELETE FROM {t.Table} WHERE workspace_id = $1", workspaceId),
        Sql.BatchCommand($"""
            INSERT INTO {t.Table} (workspace_id, {t.Bucket}, currency, grant_id, movement, amount)
            SELECT workspace_id, {t.BucketOf}, currency, grant_id, movement, sum(amount) FROM ({MovementsOf("e.workspace_id = $1")}) AS e
            GROUP BY 1, 2, 3, 4, 5
            """, workspaceId),
    });

    /// <summary>Ledger entries that carry value, with the movement each counts as (a reversal: the entry it reverses).</summary>
    private static string MovementsOf(string where) => $"""
        SELECT e.workspace_id, e.recorded_at, e.currency, e.grant_id, e.amount,
               CASE WHEN e.type = 'reversal' THEN ({LedgerReader.ById("type", "e.workspace_id", "e.reverses_entry_id")}) ELSE e.type END AS movement
        FROM ledger_entries e
        WHERE {where} AND e.type IN ('grant', 'charge', 'expiry', 'void', 'reversal') AND e.grant_id IS NOT NULL
        """;

    /// <summary>
    /// A value report's movements over [from, to), by currency and grant source: whole UTC days from the daily rollups,
    /// whole hours from the hourly ones, the rest from the ledger. Parameters: $1 workspace, then the range's cut points
    /// <see cref="Cuts"/> ($2 from ≤ $3 first whole hour ≤ $4 first whole day ≤ $5 end of whole days ≤ $6 end of whole hours ≤ $7 to).
    /// Signs turn each movement into a positive figure: grants add credit, charges, expiries and voids take it away.
    /// </summary>
    public static readonly string ReportSql = $"""
        SELECT m.currency, g.source,
               coalesce(sum(m.amount) FILTER (WHERE m.movement = 'grant'), 0),
               coalesce(-sum(m.amount) FILTER (WHERE m.movement = 'charge'), 0),
               coalesce(-sum(m.amount) FILTER (WHERE m.movement = 'expiry'), 0),
               coalesce(-sum(m.amount) FILTER (WHERE m.movement = 'void'), 0),
               round(coalesce(sum(m.amount * g.unit_price) FILTER (WHERE m.movement = 'grant'), 0), 4),
               round(coalesce(-sum(m.amount * g.unit_price) FILTER (WHERE m.movement = 'charge'), 0), 4),
               round(coalesce(-sum(m.amount * g.unit_price) FILTER (WHERE m.movement = 'expiry'), 0), 4),
               round(coalesce(-sum(m.amount * g.unit_price) FILTER (WHERE m.movement = 'void'), 0), 4)
        FROM (
            SELECT currency, grant_id, movement, amount FROM value_rollups_daily
            WHERE workspace_id = $1 AND bucket_day >= $4 AND bucket_day < $5
            UNION ALL
            SELECT currency, grant_id, movement, amount FROM value_rollups_hourly
            WHERE workspace_id = $1 AND (bucket_hour >= $3 AND bucket_hour < $4 OR bucket_hour >= $5 AND bucket_hour < $6)
            UNION ALL
            SELECT currency, grant_id, movement, amount FROM {Journal}
            WHERE workspace_id = $1 AND bucket_hour >= $3 AND bucket_hour < $6
            UNION ALL
            SELECT currency, grant_id, movement, amount FROM ({MovementsOf("e.workspace_id = $1 AND (e.recorded_at >= $2 AND e.recorded_at < $3 OR e.recorded_at >= $6 AND e.recorded_at < $7)")}) AS raw
        ) AS m
        JOIN grants g ON g.workspace_id = $1 AND g.id = m.grant_id
        GROUP BY m.currency, g.source
        ORDER BY m.currency, g.source
        """;

    /// <summary>The cut points of [from, to) for <see cref="ReportSql"/>: empty pieces where a range has no whole hour or day.</summary>
    public static DateTimeOffset[] Cuts(DateTimeOffset from, DateTimeOffset to)
    {
        var (hourStart, hourEnd) = (Ceiling(from, Hour), Floor(to, Hour));
        if (hourStart >= hourEnd)
        {
            return [from, to, to, to, to, to];
        }

        var (dayStart, dayEnd) = (Ceiling(hourStart, Day), Floor(hourEnd, Day));
        return dayStart < dayEnd ? [from, hourStart, dayStart, dayEnd, hourEnd, to] : [from, hourStart, hourEnd, hourEnd, hourEnd, to];
    }
}
