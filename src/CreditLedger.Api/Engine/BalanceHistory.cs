using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>
/// The available balance per currency at given instants, read from the ledger itself: the balances as of the last entry
/// recorded before each instant (by recorded_at, then sequence; 0 before the first). Each entry carries both currencies'
/// balances (<c>balance_after</c> and <c>other_balance_after</c>), so an instant is one backward step of the
/// (workspace, recorded_at, sequence) index and one row, however long either currency has stood still: the report's
/// cost follows its buckets, not the ledger. Entries written before the ledger kept the other balance have none; for
/// those the other currency is found as it was before, by scanning back to its last entry (a scan that follows the
/// stretch since that currency last moved). See docs/performance.md, reports.
/// </summary>
public static class BalanceHistory
{
    /// <summary>The statement, public so that a test can read its plan.</summary>
    public const string Statement = """
        SELECT t.i, last.currency, last.balance_after,
               CASE WHEN last.sequence IS NULL THEN 0
                    WHEN last.other_balance_after IS NOT NULL THEN last.other_balance_after
                    ELSE coalesce((
                        SELECT e.balance_after FROM ledger_entries e
                        WHERE e.workspace_id = $1 AND e.currency <> last.currency AND e.recorded_at < t.at
                        ORDER BY e.recorded_at DESC, e.sequence DESC LIMIT 1), 0) END
        FROM unnest($2::timestamptz[]) WITH ORDINALITY AS t(at, i)
        LEFT JOIN LATERAL (
            SELECT e.sequence, e.currency, e.balance_after, e.other_balance_after FROM ledger_entries e
            WHERE e.workspace_id = $1 AND e.recorded_at < t.at
            ORDER BY e.recorded_at DESC, e.sequence DESC LIMIT 1) AS last ON true
        """;

    public static async Task<IReadOnlyList<(decimal Actions, decimal DataCredits)>> AtAsync(
        ReadSource reads, Guid workspaceId, IReadOnlyList<DateTimeOffset> instants, CancellationToken ct)
    {
        await using var command = Sql.Command(reads.Database, Statement, workspaceId, instants.ToArray());
        var balances = new (decimal Actions, decimal DataCredits)[instants.Count];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var i = (int)reader.GetInt64(0) - 1;
            if (reader.IsDBNull(1))
            {
                continue;   // no entry before this instant: both balances are 0
            }

            var (own, other) = (reader.GetDecimal(2), reader.GetDecimal(3));
            balances[i] = CurrencyNames.Parse(reader.GetString(1)) == Currency.Actions ? (own, other) : (other, own);
        }

        return balances;
    }
}
