namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>A clock the tests move by hand (the stand-in for FakeTimeProvider, which is not available here).</summary>
public sealed class TestClock : TimeProvider
{
    private long utcTicks = DateTimeOffset.UtcNow.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);

    public void Set(DateTimeOffset instant) => Interlocked.Exchange(ref utcTicks, instant.UtcTicks);
}
