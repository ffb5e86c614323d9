using CreditLedger.Rules;

namespace CreditLedger.Rules.Tests;

public class BurnForecastTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset CycleEnd = new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Seventy_spent_in_the_last_week_with_thirty_left_runs_out_in_three_days_before_the_cycle_ends()
    {
        var forecast = BurnForecast.Of(30, 70, AsOf, CycleEnd);

        forecast.ShouldBe(new CurrencyForecast(30, 10, 3, AsOf.AddDays(3), true));
    }

    [Fact]
    public void Days_left_are_rounded_to_two_decimals_and_the_instant_follows_them()
    {
        var forecast = BurnForecast.Of(10, 3, AsOf, CycleEnd); // 10 / (3/7) = 23.333… days

        (forecast.DailyBurn, forecast.DaysLeft).ShouldBe((0.4286m, 23.33m));
        forecast.RunsOutAt.ShouldBe(AsOf + TimeSpan.FromTicks((long)(23.33m * TimeSpan.TicksPerDay))); // exact, not a double's days
        forecast.BeforeCycleEnd.ShouldBeTrue();
    }

    [Fact]
    public void A_run_out_after_the_cycle_end_is_not_before_it()
    {
        BurnForecast.Of(1000, 7, AsOf, CycleEnd).BeforeCycleEnd.ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)] // reversals outweighed charges: no burn
    public void No_burn_means_no_run_out(decimal net)
    {
        BurnForecast.Of(50, net, AsOf, CycleEnd).ShouldBe(new CurrencyForecast(50, 0, null, null, false));
    }

    [Fact]
    public void Nothing_left_runs_out_now()
    {
        BurnForecast.Of(0, 7, AsOf, CycleEnd).ShouldBe(new CurrencyForecast(0, 1, 0, AsOf, true));
    }

    [Fact]
    public void A_vast_balance_at_a_trickle_has_no_run_out_instead_of_overflowing_the_calendar()
    {
        var forecast = BurnForecast.Of(Money.MaxPurchasedBalance, 0.0001m, AsOf, CycleEnd);

        forecast.DaysLeft.ShouldNotBeNull().ShouldBeGreaterThan(1_000_000m);
        (forecast.RunsOutAt, forecast.BeforeCycleEnd).ShouldBe((null, false));
    }
}
