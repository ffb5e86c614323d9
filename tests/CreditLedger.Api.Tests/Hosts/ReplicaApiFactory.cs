using System.Collections.Concurrent;
using CreditLedger.Api.Database.Replica;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The service with its reads on the test cluster's real hot standby (scripts/test.sh keeps one streaming).</summary>
public sealed class ReplicaApiFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:LedgerReplica"] = TestStandby.AppConnection(DatabaseName),
        ["CreditLedger:Replica:PollInterval"] = "00:00:00.050",
        ["CreditLedger:Replica:MaxLag"] = "00:00:01",
    };
}
