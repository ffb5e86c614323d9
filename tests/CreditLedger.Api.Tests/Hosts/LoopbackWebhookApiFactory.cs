using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Loopback receivers with the default limit on test pings (10 a minute per workspace).</summary>
public sealed class LoopbackWebhookApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
    };
}
