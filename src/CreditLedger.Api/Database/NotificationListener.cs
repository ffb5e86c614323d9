using Npgsql;

namespace CreditLedger.Api.Database;

/// <summary>Something that reacts to a PostgreSQL notification channel (see <see cref="NotificationListener"/>).</summary>
public interface INotificationSubscriber
{
    string Channel { get; }

    void OnNotification(string payload);

    /// <summary>
    /// The listener has just started (true) or stopped (false) listening. Notifications sent while it was not are
    /// lost (PostgreSQL delivers them only to sessions listening at commit), so a subscriber that caches assumes
    /// it missed some: it drops its cache, and does not trust one while not listening.
    /// </summary>
    void OnListening(bool listening);
}

/// <summary>
/// One LISTEN connection per instance for every channel a subscriber names: an outbox write waking the webhook
/// dispatcher, an API key revoked through any instance (or by hand in SQL). It reconnects by itself after losing the
/// database, telling subscribers when it stops and starts listening.
/// </summary>
public sealed class NotificationListener(
    [FromKeyedServices(DatabaseSetup.Notifications)] NpgsqlDataSource notifications, IEnumerable<INotificationSubscriber> subscribers,
    ILogger<NotificationListener> logger) : BackgroundService
{
    private readonly ILookup<string, INotificationSubscriber> byChannel = subscribers.ToLookup(s => s.Channel, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await notifications.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Dispatch(e.Channel, e.Payload);
                foreach (var channel in byChannel)
                {
                    // Channel names are the service's own constants, never input.
                    await using var listen = new NpgsqlCommand($"LISTEN {channel.Key}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Announce(listening: true);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Lost the LISTEN connection; reconnecting shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                Announce(listening: false);
            }
        }
    }

    private void Dispatch(string channel, string payload)
    {
        foreach (var subscriber in byChannel[channel])
        {
            subscriber.OnNotification(payload);
        }
    }

    private void Announce(bool listening)
    {
        foreach (var subscriber in byChannel.SelectMany(c => c))
        {
            subscriber.OnListening(listening);
        }
    }
}
