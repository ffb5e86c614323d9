namespace CreditLedger.Rules;

/// <summary>When a currency runs out at the recent rate: the burn per day, the days left and the instant, and whether that is before the cycle ends.</summary>
public readonly record struct CurrencyForecast(decimal Available, decimal DailyBurn, decimal? DaysLeft, DateTimeOffset? RunsOutAt, bool BeforeCycleEnd);

/// <summary>
/// The burn forecast's arithmetic. The daily burn is the net charges of the basis (the last 7 × 24 hours) divided by
/// 7, shown to 4 decimals; days left are the available credit over the unrounded burn, to 2 decimals; the run-out
/// instant is that many days after <c>asOf</c>. No burn (or a net refund) means no run-out; a run-out beyond the
/// calendar's end (a vast balance at a trickle) is none either.
/// </summary>
public static class BurnForecast
{
    public const int BasisDays = 7;

    public static CurrencyForecast Of(decimal available, decimal netCharges, DateTimeOffset asOf, DateTimeOffset cycleEnd)
    {
        if (netCharges <= 0)
        {
            return new CurrencyForecast(available, 0, null, null, false);
        }

        var dailyBurn = decimal.Round(netCharges / BasisDays, Money.Scale);
        var daysLeft = decimal.Round(Math.Max(0, available) * BasisDays / netCharges, 2, MidpointRounding.AwayFromZero);
        var room = (decimal)(DateTimeOffset.MaxValue - asOf).TotalDays - 1;
        if (daysLeft > room)
        {
            return new CurrencyForecast(available, dailyBurn, daysLeft, null, false);
        }

        var runsOutAt = asOf + TimeSpan.FromTicks((long)(daysLeft * TimeSpan.TicksPerDay));
        return new CurrencyForecast(available, dailyBurn, daysLeft, runsOutAt, runsOutAt < cycleEnd);
    }
}
