using CreditLedger.Api.Database;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// Delivers the outbox. Woken by the notification each outbox write sends at commit (through the instance's
/// <see cref="NotificationListener"/>), when a send finishes, and every <see cref="WebhookOptions.PollInterval"/> in case
/// one was missed (a restart, a retry coming due). Each instance sends up to <see cref="WebhookOptions.MaxInFlight"/>
/// deliveries at once and claims more as soon as any one finishes, never waiting for a batch: a slow receiver holds its
/// own slot only, and a workspace holds at most <see cref="WebhookOptions.MaxInFlightPerWorkspace"/> slots, so one
/// tenant's stalling receivers cannot delay another's deliveries. Any number of instances may run it: claims skip rows
/// another holds, and a claim's lease keeps every other instance from sending the same delivery while it is in flight.
/// A 2xx is success; anything else waits for the next retry delay and, after the last, is marked failed.
/// </summary>
public sealed class WebhookDispatcher(
    NpgsqlDataSource database, WebhookSender sender, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService, INotificationSubscriber
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, int> byWorkspace = [];
    private readonly Dictionary<Guid, int> byWebhook = [];
    private readonly HashSet<Task> sending = [];

    string INotificationSubscriber.Channel => OutboxWriter.Channel;

    void INotificationSubscriber.OnNotification(string payload) => Wake();

    void INotificationSubscriber.OnListening(bool listening) => Wake();

    private void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already due to wake.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ClaimAndStartAsync(stoppingToken);
                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The dispatcher serves every tenant: whatever one delivery or the database throws, it carries on.
                logger.LogWarning(e, "Webhook dispatch failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        Task[] unfinished;
        lock (gate)
        {
            unfinished = [.. sending];
        }

        await Task.WhenAll(unfinished).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Claims as many due deliveries as there are free slots (fairly, within each workspace's share) and starts sending each.</summary>
    public async Task<int> ClaimAndStartAsync(CancellationToken ct)
    {
        InFlight busy;
        int free;
        lock (gate)
        {
            free = options.Value.MaxInFlight - sending.Count;
            busy = new InFlight(new(byWorkspace), new(byWebhook));
        }

        if (free <= 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var claimed = await DeliveryStore.ClaimAsync(database, now, now + options.Value.Lease, free,
            options.Value.MaxInFlightPerWorkspace, options.Value.MaxInFlightPerWebhook, busy, ct);
        foreach (var delivery in claimed)
        {
            Start(delivery, ct);
        }

        return claimed.Count;
    }

    private void Start(ClaimedDelivery delivery, CancellationToken ct)
    {
        lock (gate)
        {
            byWorkspace[delivery.WorkspaceId] = byWorkspace.GetValueOrDefault(delivery.WorkspaceId) + 1;
            byWebhook[delivery.WebhookId] = byWebhook.GetValueOrDefault(delivery.WebhookId) + 1;
            var task = Task.Run(() => DeliverAsync(delivery, ct), CancellationToken.None);
            sending.Add(task);
            task.ContinueWith(finished => Finish(delivery, finished), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void Finish(ClaimedDelivery delivery, Task finished)
    {
        if (finished.Exception is { } e)
        {
            // The lease runs out and the delivery is sent again later: at least once.
            logger.LogWarning(e.GetBaseException(), "Delivery {DeliveryId} of workspace {WorkspaceId} was not settled", delivery.Id, delivery.WorkspaceId);
        }

        lock (gate)
        {
            sending.Remove(finished);
            Decrement(byWorkspace, delivery.WorkspaceId);
            Decrement(byWebhook, delivery.WebhookId);
        }

        Wake();
    }

    private static void Decrement(Dictionary<Guid, int> counts, Guid key)
    {
        if (--counts[key] == 0)
        {
            counts.Remove(key);
        }
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        int? status;
        try
        {
            status = await sender.SendAsync(delivery, ct);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            // A secret this key ring cannot decrypt: a failed attempt of this delivery only, never of the dispatcher.
            logger.LogError(e, "Cannot sign delivery {DeliveryId} of workspace {WorkspaceId}", delivery.Id, delivery.WorkspaceId);
            status = null;
        }

        var succeeded = status is >= 200 and < 300;
        var delays = options.Value.Delays;
        DateTimeOffset? next = succeeded || delivery.Attempt > delays.Count ? null : clock.GetUtcNow() + delays[delivery.Attempt - 1];
        WebhookMetrics.Attempts.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : next is null ? "failed" : "retry"));
        await DeliveryStore.SettleAsync(database, delivery, succeeded, status, next, ct);
    }
}
