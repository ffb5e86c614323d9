namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Waits for something the service does in the background (a dispatcher, a listener, a standby replaying): checks the
/// condition, and while it does not hold, fails the test once <c>within</c> has passed, else checks again shortly.
/// The condition decides, never the wait.
/// </summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, because);
            await Task.Delay(25); // a poll interval
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan within, string because) =>
        UntilAsync(() => Task.FromResult(condition()), within, because);
}
