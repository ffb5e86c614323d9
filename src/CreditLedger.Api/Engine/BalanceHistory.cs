using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The available balance per currency at given instants, read from the ledger itself: the <c>balance_after</c> of the
/// currency's last entry recorded before each instant (by recorded_at, then sequence; 0 before the first). Each instant
/// and currency is a backward scan of the (workspace, recorded_at) index that stops at the currency's first entry: one
/// step while both currencies move, as they do for most workspaces. The index does not key on the currency, so a
/// currency with no entries for a long stretch (a workspace on its own provider keys pays actions only) is scanned back
/// through every entry of the other one since (50,002 index entries, 60 ms, when a 10M ledger's workspace is asked for a
/// currency it never had); the cost then follows that stretch of the ledger. See docs/performance.md, reports.
/// </summary>
public static class BalanceHistory
{
    public static async Task<IReadOnlyList<(decimal Actions, decimal DataCredits)>> AtAsync(
        ReadSource reads, Guid workspaceId, IReadOnlyList<DateTimeOffset> instants, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, """
            SELECT t.i, c.currency, coalesce(last.balance_after, 0)
            FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, i)
            CROSS JOIN (VALUES ('actions'), ('data_credits')) AS c(currency)
            LEFT JOIN LATERAL (
                SELECT e.balance_after FROM ledger_entries e
                WHERE e.workspace_id = $1 AND e.currency = c.currency AND e.recorded_at < t.at
                ORDER BY e.recorded_at DESC, e.sequence DESC LIMIT 1) AS last ON true
            """, workspaceId, instants.ToArray());
        var balances = new (decimal Actions, decimal DataCredits)[instants.Count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var i = (int)reader.GetInt64(0) - 1;
            var amount = reader.GetDecimal(2);
            balances[i] = CurrencyNames.Parse(reader.GetString(1)) == Currency.Actions
                ? balances[i] with { Actions = amount }
                : balances[i] with { DataCredits = amount };
        }

        return balances;
    }
}
