using System.Diagnostics.Metrics;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Outbox;

/// <summary>Delivery attempts on the service's meter, by outcome (succeeded, retry, failed).</summary>
public static class WebhookMetrics
{
    public static readonly Counter<long> Attempts = ServiceMeter.Meter.CreateCounter<long>(
        "creditledger.webhook.attempts", "{attempt}", "Webhook delivery attempts, by outcome.");
}
