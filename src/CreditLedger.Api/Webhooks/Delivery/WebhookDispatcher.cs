using CreditLedger.Api.Database;
using CreditLedger.Api.Ledger.Alerts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Webhooks.Delivery;

/// <summary>
/// Delivers the outbox. Woken by the notification each outbox write sends at commit (through the instance's
/// <see cref="NotificationListener"/>), and every <see cref="WebhookOptions.PollInterval"/> in case one was missed (a
/// restart, a retry coming due). Any number of instances may run it: claims skip rows another holds, and a claim's
/// lease keeps every other instance from sending the same delivery while it is in flight. A 2xx is success; anything
/// else waits for the next retry delay and, after the last, is marked failed.
/// </summary>
public sealed class WebhookDispatcher(
    NpgsqlDataSource database, WebhookSender sender, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService, INotificationSubscriber
{
    private readonly SemaphoreSlim wake = new(0, 1);

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
                while (await DispatchDueAsync(stoppingToken) >= options.Value.BatchSize)
                {
                }

                await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The dispatcher serves every tenant: whatever one delivery or the database throws, it carries on.
                logger.LogWarning(e, "Webhook dispatch failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Claims a batch of due deliveries, sends them concurrently and records each result; returns how many it claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimed = await DeliveryStore.ClaimAsync(database, now, now + options.Value.Lease, options.Value.BatchSize, ct);
        await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, ct)));
        return claimed.Count;
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
