using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>A rollup table: its name, its bucket column, and the SQL that computes a fact's bucket from <c>occurred_at</c>.</summary>
public readonly record struct RollupTable(string Name, string Bucket, string BucketOf);

/// <summary>The rollup tables, finest first; each is written in the ledger's transaction and rebuilt from the same facts.</summary>
public static class RollupTables
{
    public static readonly RollupTable Quarter = new(
        "usage_rollups_quarter", "bucket_quarter", "date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')");

    public static readonly RollupTable Hourly = new("usage_rollups_hourly", "bucket_hour", "date_trunc('hour', occurred_at, 'UTC')");

    public static readonly RollupTable Daily = new("usage_rollups_daily", "bucket_day", "date_trunc('day', occurred_at, 'UTC')");

    public static readonly RollupTable[] All = [Quarter, Hourly, Daily];
}
