using Npgsql;

namespace CreditLedger.Api.Ledger;

/// <summary>Opens ledger sessions on the service's data source and clock.</summary>
public sealed class LedgerSessionFactory(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public Task<LedgerSession> BeginAsync(CancellationToken ct) => LedgerSession.BeginAsync(dataSource, clock, ct);
}
