namespace CreditLedger.Api.Engine.Rollups;

/// <summary>Instants cut to whole UTC units (quarter hours, hours, days): the buckets every rollup table keeps.</summary>
internal static class UtcBuckets
{
    public static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The start of the unit the instant falls in, in UTC.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan unit) => new(instant.UtcTicks - (instant.UtcTicks % unit.Ticks), TimeSpan.Zero);

    /// <summary>The instant itself when it starts a unit, else the start of the next one.</summary>
    public static DateTimeOffset Ceiling(DateTimeOffset instant, TimeSpan unit) =>
        instant.UtcTicks % unit.Ticks == 0 ? instant : Floor(instant, unit) + unit;
}
