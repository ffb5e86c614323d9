using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class ReportBucketsTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Spring_forward_day_in_New_York_is_one_23_hour_bucket()
    {
        var buckets = ReportBuckets.Build(Utc(2026, 3, 8, 5), Utc(2026, 3, 9, 4), Granularity.Day, NewYork);
        buckets.ShouldHaveSingleItem();
        (buckets[0].End - buckets[0].Start).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void Fall_back_day_in_Berlin_is_one_25_hour_bucket()
    {
        var buckets = ReportBuckets.Build(Utc(2026, 10, 24, 22), Utc(2026, 10, 25, 23), Granularity.Day, Berlin);
        buckets.ShouldHaveSingleItem();
        (buckets[0].End - buckets[0].Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void First_and_last_buckets_are_clipped_to_the_range()
    {
        var buckets = ReportBuckets.Build(Utc(2026, 1, 1, 6), Utc(2026, 1, 3, 12), Granularity.Day, TimeZoneInfo.Utc);
        buckets.Select(b => b.Start).ShouldBe([Utc(2026, 1, 1, 6), Utc(2026, 1, 2), Utc(2026, 1, 3)]);
        buckets[^1].End.ShouldBe(Utc(2026, 1, 3, 12));
    }

    [Fact]
    public void Weeks_start_on_Monday()
    {
        // 2026-11-18 is a Wednesday.
        var buckets = ReportBuckets.Build(Utc(2026, 11, 18), Utc(2026, 11, 30), Granularity.Week, TimeZoneInfo.Utc);
        buckets.Select(b => b.End).ShouldBe([Utc(2026, 11, 23), Utc(2026, 11, 30)]);
    }

    [Fact]
    public void Month_buckets_cross_the_year_end_at_local_midnight()
    {
        var buckets = ReportBuckets.Build(Utc(2025, 11, 15), Utc(2026, 2, 10), Granularity.Month, Berlin);
        buckets.Skip(1).Select(b => b.Start).ShouldBe([Utc(2025, 11, 30, 23), Utc(2025, 12, 31, 23), Utc(2026, 1, 31, 23)]);
    }

    [Fact]
    public void Hour_buckets_count_both_repeated_local_hours_on_fall_back() =>
        ReportBuckets.Build(Utc(2026, 11, 1, 4), Utc(2026, 11, 1, 8), Granularity.Hour, NewYork).Count.ShouldBe(4);

    [Fact]
    public void Hour_buckets_follow_half_hour_zones()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
        var buckets = ReportBuckets.Build(Utc(2026, 1, 1), Utc(2026, 1, 1, 2), Granularity.Hour, kolkata);
        buckets.Select(b => b.Start.Minute).ShouldBe([0, 30, 30]);
    }
}
