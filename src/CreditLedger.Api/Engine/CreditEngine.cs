using CreditLedger.Api.Engine.Alerts;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The engine's front door: one method per money operation, each taking a command and returning an
/// <see cref="EngineResult{T}"/> (or, for operations that cannot be refused, their answer). Each runs the whole
/// transaction: lock the workspace (which brings it up to date: lapsed grants, a new cycle's rollover and allowance),
/// check the key or state that makes it repeatable, decide, append, write and commit. Nothing outside the engine opens
/// a transaction on the ledger's tables; the HTTP features only turn requests into commands and results into answers.
/// </summary>
public sealed partial class CreditEngine(
    LedgerSessionFactory ledger, UsageGroupCommitter committer, RefusalAlerts alerts, NpgsqlDataSource database, TimeProvider clock,
    IOptions<EngineOptions> options)
{
    /// <summary>
    /// Brings the workspace up to now when its head is behind (a grant lapsed, or a cycle began), so a read that shows
    /// balances, grants or entries sees a new cycle's boundary applied before its first read as well as its first write.
    /// </summary>
    public Task CatchUpAsync(Guid workspaceId, CancellationToken ct) => ledger.CatchUpAsync(workspaceId, ct);
}
