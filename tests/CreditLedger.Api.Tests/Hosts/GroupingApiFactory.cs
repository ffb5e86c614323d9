using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Holds each group open for a moment so concurrent requests really share transactions.</summary>
public sealed class GroupingApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:GroupCommitMaxDelay"] = "00:00:00.050",
        ["CreditLedger:GroupCommitWriters"] = "2",
    };
}
