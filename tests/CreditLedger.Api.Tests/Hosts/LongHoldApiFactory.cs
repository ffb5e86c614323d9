using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Holds that outlive a billing cycle: a 10-day hold timeout, so reservations can cross the boundary pending.</summary>
public sealed class LongHoldApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:HoldTimeout"] = "10.00:00:00",
    };
}
