using System.Collections.Concurrent;
using CreditLedger.Api.Database;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Npgsql;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Engine.Alerts;

/// <summary>
/// Records what follows 402s, after the transaction that refused them (a refusal changes no ledger, and a group of
/// refusals commits nothing) and before they are answered: under the workspace lock, an auto top-up for each refusal for
/// credit whose currency has a rule (as the rule allows), then <c>balance.depleted</c>, once until a grant raises the
/// currency; <c>spend_limit.reached</c> once per limit, currency and cycle (a unique mark). It never fails a request: an
/// error here is logged and the refusal stands.
/// </summary>
public sealed class RefusalAlerts(LedgerSessionFactory ledger, NpgsqlDataSource database, TimeProvider clock, ILogger<RefusalAlerts> logger)
{
    /// <summary>Limit marks this process already wrote, so a flood of refusals costs one insert, not one per refusal.</summary>
    private readonly ConcurrentDictionary<string, byte> marked = new();

    public async Task RecordAsync(IEnumerable<WorkspaceBook> books, CancellationToken ct)
    {
        foreach (var book in books.Where(b => b.Alerts.Refusals.Count > 0).ToList())
        {
            var refusals = book.Alerts.TakeRefusals();
            try
            {
                await RecordShortfallsAsync(book.WorkspaceId, refusals.Where(r => r.Shortfall is not null).ToList(), ct);
                foreach (var refusal in refusals.Where(r => r.Breach is not null && r.Alert).DistinctBy(r => MarkKey(r)))
                {
                    await RecordLimitReachedAsync(book, refusal, ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not record the alert of a refusal in workspace {WorkspaceId}", book.WorkspaceId);
            }
        }
    }

    /// <summary>One transaction: each refusal's top-up first (a top-up that covers the shortfall means nothing is depleted), then the alerts.</summary>
    private async Task RecordShortfallsAsync(Guid workspaceId, List<RefusedCharge> refusals, CancellationToken ct)
    {
        if (refusals.Count == 0)
        {
            return;
        }

        await using var session = await ledger.BeginAsync(ct);
        if (await session.LockAsync(workspaceId, ct) is not { } book)
        {
            return;
        }

        foreach (var refusal in refusals.Where(r => r.TopUp))
        {
            book.TopUpAfterRefusal(refusal.Shortfall!.Value.Currency);
        }

        foreach (var shortfall in refusals.Where(r => r.Alert).Select(r => r.Shortfall!.Value).DistinctBy(s => s.Currency))
        {
            book.MarkDepleted(shortfall);
        }

        await session.CommitAsync();
    }

    private async Task RecordLimitReachedAsync(WorkspaceBook book, RefusedCharge refusal, CancellationToken ct)
    {
        var key = MarkKey(refusal);
        if (marked.ContainsKey($"{book.WorkspaceId}/{key}"))
        {
            return;
        }

        var breach = refusal.Breach!;
        var now = clock.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var mark = Sql.Command(connection,
            "INSERT INTO alert_marks (workspace_id, key, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", book.WorkspaceId, key, now);
        if (await mark.ExecuteNonQueryAsync(ct) == 1)
        {
            var cycle = BillingCycle.At(book.BillingAnchor, book.Now);
            var reached = OutboxEvent.Create(book.WorkspaceId, EventTypes.SpendLimitReached, now, new SpendLimitReachedData(
                new LimitNameData(breach.Scope.ToWire(), breach.ScopeId), breach.Currency.ToWire(), breach.Required, breach.Available,
                new CycleWindowData(cycle.Start, cycle.End)));
            await OutboxWriter.WriteAsync(connection, [reached], ct);
        }

        await transaction.CommitAsync(ct);
        if (marked.Count > 100_000)
        {
            marked.Clear();
        }

        marked[$"{book.WorkspaceId}/{key}"] = 0;
    }

    private static string MarkKey(RefusedCharge refusal) =>
        $"{EventTypes.SpendLimitReached}:{refusal.Breach!.Scope.ToWire()}:{refusal.Breach.ScopeId}:{refusal.Breach.Currency.ToWire()}:{refusal.CycleIndex}";
}
