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
/// Building is total whatever the zone does (skipped days such as Apia's 30 Dec 2011, repeated hours,
/// 30/45-minute offsets): every boundary is strictly after the previous one, and no range yields more than
/// <see cref="MaxBuckets"/> buckets.
/// </summary>
public static class ReportBuckets
{
    /// <summary>366 days of hours, plus one for a range that does not start on a whole hour.</summary>
    public const int MaxBuckets = (366 * 24) + 1;

    /// <summary>Local calendar units a skipped stretch of days may swallow before the zone is considered broken.</summary>
    private const int MaxSkippedUnits = 64;

    public static IReadOnlyList<Bucket> Build(
        DateTimeOffset from, DateTimeOffset to, Granularity granularity, TimeZoneInfo zone, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, to);
        var buckets = new List<Bucket>();
        var cursor = BoundaryCursor.AtOrBefore(from, granularity, zone);
        while (cursor.Start < to)
        {
            if (buckets.Count == MaxBuckets)
            {
                throw new TooManyBucketsException(MaxBuckets);
            }

            if ((buckets.Count & 0xFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var next = cursor.Next();
            buckets.Add(new Bucket(Max(cursor.Start, from), Min(next.Start, to)));
            cursor = next;
        }

        return buckets;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>A bucket boundary: the local calendar unit it opens (days, weeks, months) and its instant.</summary>
    private readonly record struct BoundaryCursor(DateTime LocalUnit, DateTimeOffset Start, Granularity Granularity, TimeZoneInfo Zone)
    {
        public static BoundaryCursor AtOrBefore(DateTimeOffset instant, Granularity granularity, TimeZoneInfo zone)
        {
            if (granularity == Granularity.Hour)
            {
                // Whole local hours: the instant minus its minutes and seconds past the local hour.
                var local = TimeZoneInfo.ConvertTime(instant, zone);
                var start = instant - TimeSpan.FromTicks(local.Ticks % TimeSpan.TicksPerHour);
                return new BoundaryCursor(default, start, granularity, zone);
            }

            var unit = UnitOf(TimeZoneInfo.ConvertTime(instant, zone).DateTime.Date, granularity);
            var cursor = new BoundaryCursor(unit, LocalClock.FirstInstantAtOrAfter(unit, zone), granularity, zone);
            // Where a zone's clock runs back across midnight the unit's first instant can lie after the instant.
            for (var i = 0; cursor.Start > instant && i < MaxSkippedUnits; i++)
            {
                unit = Step(unit, granularity, -1);
                cursor = cursor with { LocalUnit = unit, Start = LocalClock.FirstInstantAtOrAfter(unit, zone) };
            }

            return cursor;
        }

        /// <summary>The next boundary strictly after this one; local units that do not exist are skipped.</summary>
        public BoundaryCursor Next()
        {
            if (Granularity == Granularity.Hour)
            {
                return this with { Start = Start.AddHours(1) };
            }

            var unit = LocalUnit;
            for (var i = 0; i < MaxSkippedUnits; i++)
            {
                unit = Step(unit, Granularity, 1);
                var start = LocalClock.FirstInstantAtOrAfter(unit, Zone);
                if (start > Start)
                {
                    return this with { LocalUnit = unit, Start = start };
                }
            }

            // No zone skips this much; never loop on a broken rule: continue in whole UTC days.
            return this with { LocalUnit = unit, Start = Start.AddDays(1) };
        }

        private static DateTime UnitOf(DateTime date, Granularity granularity) => granularity switch
        {
            Granularity.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            Granularity.Month => new DateTime(date.Year, date.Month, 1),
            _ => date,
        };

        private static DateTime Step(DateTime unit, Granularity granularity, int direction) => granularity switch
        {
            Granularity.Week => unit.AddDays(7 * direction),
            Granularity.Month => unit.AddMonths(direction),
            _ => unit.AddDays(direction),
        };
    }
}

/// <summary>The report range asks for more buckets than any valid range can produce.</summary>
public sealed class TooManyBucketsException(int max) : Exception($"A report may have at most {max} buckets.");
