using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>Group commit as on Citus: one transaction per workspace (docs/scale-out.md), with real groups held open.</summary>
public sealed class PerWorkspaceGroupingFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["CreditLedger:GroupCommitPerWorkspace"] = "true",
        ["CreditLedger:GroupCommitMaxDelay"] = "00:00:00.050",
    };
}
