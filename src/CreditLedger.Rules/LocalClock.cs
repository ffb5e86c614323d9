namespace CreditLedger.Rules;

/// <summary>
/// Maps a local wall-clock time to an instant using only UTC → local conversion, the direction every zone rule
/// answers reliably. (Local → UTC asks the zone whether a local time is valid, which misses changes of a zone's
/// base offset: Pacific/Apia's skipped 30 December 2011 is "valid" there and maps back into the 29th.)
/// </summary>
public static class LocalClock
{
    /// <summary>Wider than any UTC offset a zone has had (±15:56 in the 19th century).</summary>
    private static readonly TimeSpan SearchRadius = TimeSpan.FromHours(18);

    /// <summary>
    /// The first instant whose local time is at or after <paramref name="local"/>, to the second: a time inside a
    /// gap becomes the end of the gap. Found by bisection over the instants around it, so it always terminates.
    /// </summary>
    public static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone)
    {
        var target = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var low = Clamp(target.Ticks - SearchRadius.Ticks);
        var high = Clamp(target.Ticks + SearchRadius.Ticks);
        while (high - low > TimeSpan.TicksPerSecond)
        {
            var middle = low + ((high - low) / 2);
            middle -= middle % TimeSpan.TicksPerSecond;
            if (middle <= low)
            {
                middle = low + TimeSpan.TicksPerSecond;
            }

            if (LocalAt(middle, zone) >= target)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high, TimeSpan.Zero);
    }

    private static DateTime LocalAt(long utcTicks, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utcTicks, TimeSpan.Zero), zone).DateTime;

    private static long Clamp(long ticks) =>
        Math.Clamp(ticks, DateTime.MinValue.Ticks + SearchRadius.Ticks, DateTime.MaxValue.Ticks - SearchRadius.Ticks);
}
