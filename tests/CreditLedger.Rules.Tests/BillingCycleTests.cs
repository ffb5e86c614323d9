using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class BillingCycleTests
{
    private static DateTimeOffset Utc(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_cycle_is_one_calendar_month_from_the_creation_instant()
    {
        var cycle = BillingCycle.At(Utc(2026, 3, 15, 10), Utc(2026, 4, 20));
        cycle.Start.ShouldBe(Utc(2026, 4, 15, 10));
        cycle.End.ShouldBe(Utc(2026, 5, 15, 10));
        cycle.Index.ShouldBe(1);
    }

    [Theory]
    [InlineData(2026, 2, 28)]
    [InlineData(2028, 2, 29)]
    public void Month_end_anchors_clamp_then_return_to_their_day(int year, int febMonth, int febDay)
    {
        var anchor = Utc(year, 1, 31);
        BillingCycle.StartOf(anchor, 1).ShouldBe(Utc(year, febMonth, febDay));
        BillingCycle.StartOf(anchor, 2).ShouldBe(Utc(year, 3, 31));
        BillingCycle.StartOf(anchor, 3).ShouldBe(Utc(year, 4, 30));
    }

    [Fact]
    public void The_boundary_instant_belongs_to_the_new_cycle()
    {
        var anchor = Utc(2026, 1, 31, 12);
        BillingCycle.At(anchor, Utc(2026, 2, 28, 12)).Index.ShouldBe(1);
        BillingCycle.At(anchor, Utc(2026, 2, 28, 12).AddTicks(-1)).Index.ShouldBe(0);
    }

    [Theory]
    [InlineData(29)]
    [InlineData(30)]
    [InlineData(31)]
    public void Anchors_on_the_29th_to_31st_keep_their_day_in_every_month_long_enough(int day)
    {
        var anchor = Utc(2026, 1, day, 9);
        for (var index = 0; index < 24; index++)
        {
            var start = BillingCycle.StartOf(anchor, index);
            start.Day.ShouldBe(Math.Min(day, DateTime.DaysInMonth(start.Year, start.Month)));
            start.TimeOfDay.ShouldBe(TimeSpan.FromHours(9));
            BillingCycle.At(anchor, start).Index.ShouldBe(index);
            BillingCycle.At(anchor, start.AddTicks(-1)).Index.ShouldBe(Math.Max(0, index - 1));
        }
    }

    [Fact]
    public void Skipped_cycles_land_in_the_cycle_that_contains_the_instant() =>
        BillingCycle.At(Utc(2026, 1, 10), Utc(2026, 4, 11)).ShouldBe(new CycleWindow(Utc(2026, 4, 10), Utc(2026, 5, 10), 3));

    [Fact]
    public void Cycles_cross_year_ends() =>
        BillingCycle.At(Utc(2025, 12, 20), Utc(2026, 1, 5)).ShouldBe(new CycleWindow(Utc(2025, 12, 20), Utc(2026, 1, 20), 0));

    [Fact]
    public void Instants_before_creation_fall_in_the_first_cycle() =>
        BillingCycle.At(Utc(2026, 5, 1), Utc(2026, 4, 1)).Index.ShouldBe(0);
}
