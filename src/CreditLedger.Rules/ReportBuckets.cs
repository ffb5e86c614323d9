namespace CreditLedger.Rules;

public enum Granularity
{
    Hour,
    Day,
    Week,
    Month,
}

public readonly record struct Bucket(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Calendar buckets of a report in a time zone: each starts at a local calendar boundary (local midnight
/// for days, Monday for weeks, the 1st for months), so a DST day is one 23- or 25-hour bucket. The first and
/// last buckets are clipped to the half-open range [from, to).
/// </summary>
public static class ReportBuckets
{
    public static IReadOnlyList<Bucket> Build(DateTimeOffset from, DateTimeOffset to, Granularity granularity, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to);
        var buckets = new List<Bucket>();
        var start = Floor(from, granularity, zone);
        while (start < to)
        {
            var next = Next(start, granularity, zone);
            buckets.Add(new Bucket(Max(start, from), Min(next, to)));
            start = next;
        }

        return buckets;
    }

    /// <summary>The start of the calendar unit containing <paramref name="instant"/>.</summary>
    public static DateTimeOffset Floor(DateTimeOffset instant, Granularity granularity, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        if (granularity == Granularity.Hour)
        {
            // Whole local hours: an instant minus its minutes past the local hour.
            return instant - new TimeSpan(0, local.Minute, local.Second) - TimeSpan.FromTicks(local.Ticks % TimeSpan.TicksPerSecond);
        }

        var date = local.Date;
        date = granularity switch
        {
            Granularity.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            Granularity.Month => new DateTime(date.Year, date.Month, 1),
            _ => date,
        };
        return ToInstant(date, zone);
    }

    private static DateTimeOffset Next(DateTimeOffset start, Granularity granularity, TimeZoneInfo zone)
    {
        if (granularity == Granularity.Hour)
        {
            return start.AddHours(1);
        }

        var localDate = TimeZoneInfo.ConvertTime(start, zone).Date;
        // A local midnight that does not exist (DST gap at 00:00) was moved forward; step from its date.
        var next = granularity switch
        {
            Granularity.Day => localDate.AddDays(1),
            Granularity.Week => localDate.AddDays(7),
            _ => new DateTime(localDate.Year, localDate.Month, 1).AddMonths(1),
        };
        return ToInstant(next, zone);
    }

    /// <summary>The instant a local wall-clock time begins; gaps move forward, overlaps take the first.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
