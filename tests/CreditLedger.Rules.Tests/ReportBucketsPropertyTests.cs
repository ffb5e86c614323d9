using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

/// <summary>
/// Bucket building is total in every IANA zone the runtime knows: around every change of UTC offset between
/// 1970 and 2037 (DST, skipped days, base-offset changes, 30/45-minute zones), for every granularity, the buckets
/// are strictly increasing, contiguous and clipped to [from, to).
/// </summary>
public class ReportBucketsPropertyTests
{
    private static readonly DateTimeOffset First = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Last = new(2037, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Ranges around a transition: (granularity, before, after); odd minutes so the edges are clipped.</summary>
    private static readonly (Granularity Unit, TimeSpan Before, TimeSpan After)[] Shapes =
    [
        (Granularity.Hour, TimeSpan.FromMinutes(187), TimeSpan.FromMinutes(181)),
        (Granularity.Day, TimeSpan.FromDays(3) + TimeSpan.FromMinutes(7), TimeSpan.FromDays(3)),
        (Granularity.Day, TimeSpan.FromDays(2), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(13)),
        (Granularity.Week, TimeSpan.FromDays(15), TimeSpan.FromDays(15) + TimeSpan.FromMinutes(1)),
        (Granularity.Month, TimeSpan.FromDays(62) + TimeSpan.FromMinutes(45), TimeSpan.FromDays(62)),
    ];

    [Fact]
    public void Buckets_are_total_strictly_increasing_contiguous_and_clipped_around_every_transition_in_every_zone()
    {
        var zones = TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).ToList();
        zones.Count.ShouldBeGreaterThan(300);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var transitionsChecked = 0;
        Parallel.ForEach(zones, zone =>
        {
            foreach (var transition in Transitions(zone))
            {
                Interlocked.Increment(ref transitionsChecked);
                foreach (var (unit, before, after) in Shapes)
                {
                    if (Check(transition - before, transition + after, unit, zone) is { } failure)
                    {
                        failures.Add($"{zone.Id} around {transition:O} ({unit}): {failure}");
                    }
                }
            }
        });

        failures.ShouldBeEmpty(string.Join('\n', failures.Take(10)));
        transitionsChecked.ShouldBeGreaterThan(10_000);
    }

    [Theory]
    [InlineData("Pacific/Apia")]
    [InlineData("Pacific/Fakaofo")]
    public void The_skipped_day_of_a_dateline_move_is_no_bucket_at_all(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var from = new DateTimeOffset(2011, 12, 28, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2012, 1, 2, 0, 0, 0, TimeSpan.Zero);

        var buckets = ReportBuckets.Build(from, to, Granularity.Day, zone);

        Check(from, to, Granularity.Day, zone).ShouldBeNull();
        buckets.Select(b => TimeZoneInfo.ConvertTime(b.Start, zone).Day).ShouldNotContain(30);
        buckets.Count.ShouldBeLessThanOrEqualTo(6);
    }

    [Fact]
    public void No_valid_range_reaches_the_bucket_cap_and_a_longer_one_is_refused()
    {
        var from = new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.Zero);
        ReportBuckets.Build(from, from.AddDays(366), Granularity.Hour, TimeZoneInfo.Utc).Count.ShouldBe(ReportBuckets.MaxBuckets);
        Should.Throw<TooManyBucketsException>(() => ReportBuckets.Build(from, from.AddDays(367), Granularity.Hour, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_cancelled_build_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Should.Throw<OperationCanceledException>(() => ReportBuckets.Build(from, from.AddDays(30), Granularity.Hour, TimeZoneInfo.Utc, cancelled.Token));
    }

    private static string? Check(DateTimeOffset from, DateTimeOffset to, Granularity unit, TimeZoneInfo zone)
    {
        var buckets = ReportBuckets.Build(from, to, unit, zone);
        if (buckets.Count == 0 || buckets[0].Start != from || buckets[^1].End != to)
        {
            return $"not clipped to the range ({buckets.Count} buckets)";
        }

        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Start >= buckets[i].End)
            {
                return $"bucket {i} is empty or reversed: {buckets[i]}";
            }

            if (i > 0 && buckets[i].Start != buckets[i - 1].End)
            {
                return $"gap or overlap before bucket {i}";
            }
        }

        return null;
    }

    /// <summary>Every instant between 1970 and 2037 at which the zone's UTC offset changes (found daily, then bisected).</summary>
    private static IEnumerable<DateTimeOffset> Transitions(TimeZoneInfo zone)
    {
        var previous = First;
        var previousOffset = zone.GetUtcOffset(previous);
        for (var day = First.AddHours(12); day < Last; day = day.AddHours(12))
        {
            var offset = zone.GetUtcOffset(day);
            if (offset != previousOffset)
            {
                var (low, high) = (previous, day);
                while (high - low > TimeSpan.FromSeconds(1))
                {
                    var middle = low + ((high - low) / 2);
                    (low, high) = zone.GetUtcOffset(middle) == previousOffset ? (middle, high) : (low, middle);
                }

                yield return high;
            }

            (previous, previousOffset) = (day, offset);
        }
    }
}
