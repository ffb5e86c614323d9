using CreditLedger.Api.Database;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CreditLedger.Api.Credits;

public static class GrantQueries
{
    public static async Task<Ok<ItemsResponse<GrantResponse>>> ListGrants(
        Guid workspaceId, bool? active, NpgsqlDataSource database, LedgerSessionFactory ledger, TimeProvider clock, CancellationToken ct)
    {
        await ledger.CatchUpAsync(workspaceId, ct);
        await using var command = Sql.Command(database, """
            SELECT id, currency, amount, remaining, source, effective_at, expires_at FROM grants
            WHERE workspace_id = $1 AND (NOT $2 OR (remaining > 0 AND (expires_at IS NULL OR expires_at > $3)))
            ORDER BY effective_at, id
            """, workspaceId, active ?? false, clock.GetUtcNow());
        var items = new List<GrantResponse>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new GrantResponse(
                reader.GetGuid(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return TypedResults.Ok(new ItemsResponse<GrantResponse>(items));
    }

    /// <summary>
    /// Reads the cached balances from the head row. When a cycle has turned or a grant has lapsed since the
    /// last write, the workspace is touched first (a short locked transaction), so the answer is never stale.
    /// </summary>
    public static async Task<Ok<BalanceResponse>> GetBalance(
        Guid workspaceId, NpgsqlDataSource database, LedgerSessionFactory ledger, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await ledger.CatchUpAsync(workspaceId, ct);

        await using var command = Sql.Command(database, """
            SELECT w.billing_anchor, h.actions_available, h.actions_held, h.data_credits_available, h.data_credits_held
            FROM workspace_heads h JOIN workspaces w ON w.id = h.workspace_id WHERE h.workspace_id = $1
            """, workspaceId);
        await using var row = await command.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        var cycle = BillingCycle.At(row.GetFieldValue<DateTimeOffset>(0), now);
        return TypedResults.Ok(new BalanceResponse(
            now, new CycleResponse(cycle.Start, cycle.End),
            new CurrencyBalance(row.GetDecimal(1), row.GetDecimal(2)),
            new CurrencyBalance(row.GetDecimal(3), row.GetDecimal(4))));
    }

    public static GrantResponse ToResponse(GrantState g) =>
        new(g.Id, g.Currency.ToWire(), g.Amount, g.Remaining, g.Source, g.EffectiveAt, g.ExpiresAt);
}
