namespace CreditLedger.Rules;

/// <summary>A half-open billing period [Start, End).</summary>
public readonly record struct CycleWindow(DateTimeOffset Start, DateTimeOffset End, int Index);

/// <summary>
/// Billing cycles are calendar months counted from the workspace's billing anchor (by default its creation instant), in UTC.
/// Cycle n starts at anchor + n months, with the day clamped to the month's length, so a
/// workspace created on Jan 31 renews on Feb 28 (29), then Mar 31: the anchor day is kept.
/// </summary>
public static class BillingCycle
{
    public static DateTimeOffset StartOf(DateTimeOffset anchor, int index)
    {
        var utc = anchor.ToUniversalTime();
        var month = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(index);
        var day = Math.Min(utc.Day, DateTime.DaysInMonth(month.Year, month.Month));
        return new DateTimeOffset(month.Year, month.Month, day, 0, 0, 0, TimeSpan.Zero) + utc.TimeOfDay;
    }

    /// <summary>The cycle containing <paramref name="instant"/> (the first cycle for instants before the anchor).</summary>
    public static CycleWindow At(DateTimeOffset anchor, DateTimeOffset instant)
    {
        var a = anchor.ToUniversalTime();
        var t = instant.ToUniversalTime();
        var index = Math.Max(0, ((t.Year - a.Year) * 12) + t.Month - a.Month);
        // The month difference can overshoot by one when the instant is before this month's anniversary.
        while (index > 0 && StartOf(a, index) > t)
        {
            index--;
        }

        while (StartOf(a, index + 1) <= t)
        {
            index++;
        }

        return new CycleWindow(StartOf(a, index), StartOf(a, index + 1), index);
    }
}
