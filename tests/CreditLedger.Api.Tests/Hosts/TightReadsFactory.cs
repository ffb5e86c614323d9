using CreditLedger.Api.Database;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>One expensive request per key at a time, no queue, and a short statement timeout for reads.</summary>
public sealed class TightReadsFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:Expensive:PerKey"] = "1",
        ["CreditLedger:Expensive:Queue"] = "0",
        ["CreditLedger:Reads:StatementTimeout"] = "00:00:03",
        ["CreditLedger:Expensive:PerSecond"] = "1",
        ["CreditLedger:Expensive:Burst"] = "2",
    };
}
