using System.Diagnostics.Metrics;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>A workspace allowed 1,000 events at once, refilled slowly.</summary>
public sealed class SlowEventsFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:EventRateLimit:EventsPerSecond"] = "1",
        ["CreditLedger:EventRateLimit:Burst"] = "1000",
    };
}
