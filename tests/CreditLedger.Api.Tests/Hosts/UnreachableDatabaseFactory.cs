using Npgsql;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>The service with its database unreachable (a closed port), as during a database restart.</summary>
public sealed class UnreachableDatabaseFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Ledger"] = new NpgsqlConnectionStringBuilder(AppConnection) { Port = 1, Timeout = 2 }.ConnectionString,
    };
}
