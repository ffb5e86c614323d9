using CreditLedger.Api.Database;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>Grants and the head's cached balances as the reads show them (after a catch-up, so never stale).</summary>
public static class GrantReader
{
    public static async Task<List<GrantResponse>> ListAsync(NpgsqlDataSource database, Guid workspaceId, bool activeOnly, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
            SELECT id, currency, amount, remaining, source, effective_at, expires_at, status, unit_price, auto_top_up FROM grants
            WHERE workspace_id = $1 AND (NOT $2 OR (has_remaining AND (expires_at IS NULL OR expires_at > $3)))
            ORDER BY effective_at, id
            """, workspaceId, activeOnly, now);
        var items = new List<GrantResponse>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new GrantResponse(
                reader.GetGuid(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetString(4), reader.GetString(7),
                reader.GetDecimal(8), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetBoolean(9)));
        }

        return items;
    }

    /// <summary>The cycle at <paramref name="now"/> and the available and held balances per currency; null for no such workspace.</summary>
    public static async Task<BalanceResponse?> BalanceAsync(NpgsqlDataSource database, Guid workspaceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
            SELECT w.billing_anchor, h.actions_available, h.actions_held, h.data_credits_available, h.data_credits_held
            FROM workspace_heads h JOIN workspaces w ON w.id = h.workspace_id WHERE h.workspace_id = $1
            """, workspaceId);
        await using var row = await command.ExecuteReaderAsync(ct);
        if (!await row.ReadAsync(ct))
        {
            return null;
        }

        var cycle = BillingCycle.At(row.GetFieldValue<DateTimeOffset>(0), now);
        return new BalanceResponse(
            now, new CycleResponse(cycle.Start, cycle.End),
            new CurrencyBalance(row.GetDecimal(1), row.GetDecimal(2)),
            new CurrencyBalance(row.GetDecimal(3), row.GetDecimal(4)));
    }

    public static GrantResponse ToResponse(this GrantState g) =>
        new(g.Id, g.Currency.ToWire(), g.Amount, g.Remaining, g.Source, g.Status, g.UnitPrice, g.EffectiveAt, g.ExpiresAt, g.AutoTopUp);
}
