using Npgsql;

namespace CreditLedger.Api.Tests.Hosts;

/// <summary>
/// The service during a failover: its multi-host connection string wants a primary and finds none (here, the one
/// host is asked to be a standby, so Npgsql finds "no suitable host", as it does while a standby awaits promotion).
/// </summary>
public sealed class NoPrimaryFactory : LedgerApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Ledger"] = new NpgsqlConnectionStringBuilder(AppConnection)
        {
            Host = $"{new NpgsqlConnectionStringBuilder(AppConnection).Host},{new NpgsqlConnectionStringBuilder(AppConnection).Host}",
            TargetSessionAttributes = "standby",
        }.ConnectionString,
    };
}
