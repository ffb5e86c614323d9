using System.Collections.Concurrent;
using CreditLedger.Api.Database.Replica;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The service with its reads on the test cluster's real hot standby (scripts/test.sh keeps one streaming).</summary>
public sealed class ReplicaApiFactory : LedgerApiFactory
{
    // Without a standby (plain `dotnet test` before scripts/test.sh ran once) the host runs on the primary alone and the
    // replica tests skip or fail through Provisioned.Require before they use it.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:LedgerReplica"] = TestStandby.Available ? TestStandby.AppConnection(DatabaseName) : null,
        ["CreditLedger:Replica:PollInterval"] = "00:00:00.050",
        ["CreditLedger:Replica:MaxLag"] = "00:00:01",
    };
}
