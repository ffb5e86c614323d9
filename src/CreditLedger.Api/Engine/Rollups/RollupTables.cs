using static CreditLedger.Api.Engine.Rollups.UtcBuckets;

namespace CreditLedger.Api.Engine.Rollups;

/// <summary>The dimensions a rollup table keeps (kind is in every one).</summary>
[Flags]
public enum RollupDimensions
{
    Kind = 1,
    User = 2,
    Integration = 4,
    Service = 8,
    Resource = 16,
    ApiKey = 32,
    All = Kind | User | Integration | Service | Resource | ApiKey,
}

/// <summary>
/// A rollup table: its name, its bucket column, the SQL that computes a fact's bucket from <c>occurred_at</c>, the unit of
/// its buckets, and the dimensions it keeps (the columns between the bucket and the sums, in this order).
/// </summary>
public sealed record RollupTable(string Name, string Bucket, string BucketOf, TimeSpan Unit, RollupDimensions Dimensions)
{
    private static readonly (RollupDimensions Flag, string Column)[] Columns =
    [
        (RollupDimensions.Kind, "kind"), (RollupDimensions.User, "user_id"), (RollupDimensions.Integration, "integration"),
        (RollupDimensions.Service, "service"), (RollupDimensions.Resource, "resource_id"), (RollupDimensions.ApiKey, "api_key_id"),
    ];

    /// <summary>The dimension columns this table keeps, in column order.</summary>
    public IReadOnlyList<(RollupDimensions Flag, string Column)> DimensionColumns { get; } =
        [.. Columns.Where(c => Dimensions.HasFlag(c.Flag))];

    public bool Keeps(RollupDimensions needed) => (Dimensions & needed) == needed;
}

/// <summary>
/// The rollup tables. The detailed ones keep every dimension; the narrower ones serve the report families that group and
/// filter by fewer (workspace and integration reports: kind, integration, service; resource reports: kind, integration,
/// resource; user reports: kind, user), so those reports read a few rows per day however many users, resources and keys
/// the usage spread over.
/// Every table is fed by the rollup journal's fold (ADR 25) and rebuilt from the same facts.
/// </summary>
public static class RollupTables
{
    private const string HourOf = "date_trunc('hour', occurred_at, 'UTC')";
    private const string DayOf = "date_trunc('day', occurred_at, 'UTC')";
    private const RollupDimensions TotalsDimensions = RollupDimensions.Kind | RollupDimensions.Integration | RollupDimensions.Service;
    private const RollupDimensions ResourceDimensions = RollupDimensions.Kind | RollupDimensions.Integration | RollupDimensions.Resource;
    private const RollupDimensions UserDimensions = RollupDimensions.Kind | RollupDimensions.User;

    public static readonly RollupTable Quarter = new(
        "usage_rollups_quarter", "bucket_quarter", "date_bin('15 minutes', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')",
        UtcBuckets.Quarter, RollupDimensions.All);

    public static readonly RollupTable Hourly = new("usage_rollups_hourly", "bucket_hour", HourOf, Hour, RollupDimensions.All);

    public static readonly RollupTable Daily = new("usage_rollups_daily", "bucket_day", DayOf, Day, RollupDimensions.All);

    public static readonly RollupTable TotalsHourly = new("usage_totals_hourly", "bucket_hour", HourOf, Hour, TotalsDimensions);

    public static readonly RollupTable TotalsDaily = new("usage_totals_daily", "bucket_day", DayOf, Day, TotalsDimensions);

    public static readonly RollupTable ResourcesHourly = new("usage_resources_hourly", "bucket_hour", HourOf, Hour, ResourceDimensions);

    public static readonly RollupTable ResourcesDaily = new("usage_resources_daily", "bucket_day", DayOf, Day, ResourceDimensions);

    public static readonly RollupTable UsersHourly = new("usage_users_hourly", "bucket_hour", HourOf, Hour, UserDimensions);

    public static readonly RollupTable UsersDaily = new("usage_users_daily", "bucket_day", DayOf, Day, UserDimensions);

    public static readonly RollupTable[] All =
        [Quarter, Hourly, Daily, TotalsHourly, TotalsDaily, ResourcesHourly, ResourcesDaily, UsersHourly, UsersDaily];

    /// <summary>The narrowest hourly and daily tables that keep the dimensions a report needs.</summary>
    public static (RollupTable Hourly, RollupTable Daily) For(RollupDimensions needed) =>
        TotalsHourly.Keeps(needed) ? (TotalsHourly, TotalsDaily)
        : ResourcesHourly.Keeps(needed) ? (ResourcesHourly, ResourcesDaily)
        : UsersHourly.Keeps(needed) ? (UsersHourly, UsersDaily)
        : (Hourly, Daily);
}
