using CreditLedger.Api.Database;
using CreditLedger.Api.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Polly;

namespace CreditLedger.Api.Outbox;

public static class WebhookSetup
{
    /// <summary>
    /// Webhook delivery: Data Protection keys in the database (one key ring for every instance, encrypted by a certificate), the guarded HTTP client
    /// (no redirects, the SSRF check at connect time, request logs that name the host only, a resilience pipeline whose timeout bounds each attempt; retries are
    /// the outbox's own, durable ones), and the dispatcher.
    /// </summary>
    public static void AddWebhooks(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.Delays.All(d => d > TimeSpan.Zero) && o.Timeout > TimeSpan.Zero && o.Lease > o.Timeout && o.MaxInFlight >= 1
                && o.MaxInFlightPerWorkspace >= 1 && o.MaxInFlightPerWebhook >= 1 && o.MaxWebhooksPerWorkspace >= 1,
                "CreditLedger:Webhooks: retry delays, the timeout and every cap must be positive, the lease longer than the timeout.")
            .ValidateOnStart();
        KeyRingProtection.Protect(services.AddDataProtection().SetApplicationName("CreditLedger").PersistKeysToDbContext<AdminDbContext>(),
            configuration, environment);
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookUrlGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<HostOnlyHttpLogger>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddLogger<HostOnlyHttpLogger>()
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<WebhookUrlGuard>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .AddResilienceHandler("webhook-attempt", (pipeline, context) =>
            {
                // A network timeout is real time, whatever clock the ledger's business rules run on.
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout);
            });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<INotificationSubscriber>(sp => sp.GetRequiredService<WebhookDispatcher>());
    }
}
