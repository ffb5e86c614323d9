using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Loopback receivers, attempts that may take five minutes (a stalled receiver holds its slot that long), many test pings.</summary>
public sealed class StallingReceiverApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Webhooks:AllowInsecureUrls"] = "true",
        ["CreditLedger:Webhooks:AllowPrivateNetworks"] = "true",
        ["CreditLedger:Webhooks:Timeout"] = "00:05:00",
        ["CreditLedger:Webhooks:Lease"] = "00:10:00",
        ["CreditLedger:Webhooks:PollInterval"] = "00:00:01",
        ["CreditLedger:Webhooks:TestPingsPerMinute"] = "1000",
    };
}
