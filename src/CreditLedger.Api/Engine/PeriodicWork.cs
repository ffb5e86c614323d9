namespace CreditLedger.Api.Engine;

/// <summary>
/// The loop of the engine's background sweeps: the work runs at once and then at every interval until the host stops.
/// A run that fails is reported and the next one comes at the next tick, so one bad run never ends the sweep.
/// </summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> work, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await work(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled, TaskScheduler.Default));
    }
}
