namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Base for tests that put the clock on dates of their own (a DST change, a skipped day): each test gets its own
/// service and database whose clock starts in 2000, since a clock only moves forward. Ledger invariants are checked after
/// each test, then the service and its database are disposed.
/// </summary>
public abstract class OwnClockLedgerTest() : LedgerTest(new Year2000ApiFactory())
{
    private sealed class Year2000ApiFactory() : LedgerApiFactory(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override Task InitializeAsync() => Api.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await ((IAsyncLifetime)Api).DisposeAsync();
    }

    /// <summary>A workspace with 1,000 of each currency, opened with the clock at <paramref name="now"/>.</summary>
    protected async Task<Guid> WorkspaceAt(DateTimeOffset now, string? timeZone = null)
    {
        Api.Clock.SetUtcNow(now);
        return await Api.Workspace(actions: 1000, dataCredits: 1000, timeZone: timeZone);
    }

    protected static DateTimeOffset Utc(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);
}
