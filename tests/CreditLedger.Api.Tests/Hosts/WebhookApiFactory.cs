using System.Text.Json;
using CreditLedger.Api.Outbox;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Alerts;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>A receiver on loopback is allowed here (http, private network); retries come due quickly once the test's clock moves.</summary>
public sealed class WebhookApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
        ["CreditLedger:Webhooks:Timeout"] = "00:00:01",
        ["CreditLedger:Webhooks:Lease"] = "00:00:20", // unlike any retry delay, so a claimed delivery is told apart from a retried one
        ["CreditLedger:Webhooks:PollInterval"] = "00:00:00.100",
        ["CreditLedger:Webhooks:RetryDelays:0"] = "00:00:05",
        ["CreditLedger:Webhooks:RetryDelays:1"] = "00:00:30",
        ["CreditLedger:Webhooks:RetryDelays:2"] = "00:02:00",
        ["CreditLedger:Webhooks:ExpirySweepInterval"] = "01:00:00",
    };
}
