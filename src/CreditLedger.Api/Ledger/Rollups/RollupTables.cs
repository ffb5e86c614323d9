namespace CreditLedger.Api.Ledger;

/// <summary>The rollup tables and their bucket columns, finest first; each is written in the ledger's transaction.</summary>
public static class RollupTables
{
    public static readonly (string Name, string Bucket) Quarter = ("usage_rollups_quarter", "bucket_quarter");
    public static readonly (string Name, string Bucket) Hourly = ("usage_rollups_hourly", "bucket_hour");
    public static readonly (string Name, string Bucket) Daily = ("usage_rollups_daily", "bucket_day");
}
