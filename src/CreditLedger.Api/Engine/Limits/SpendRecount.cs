using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.Limits;

/// <summary>
/// Sets a workspace's counters from its ledger, under its lock: when a limit or the workbook default is set or removed,
/// and when the resource tree changes shape (a resource's limit covers its descendants as they are now). Counting runs
/// through <see cref="SpendControls.Count"/>, the path every charge takes, so a recount and the running counters agree by
/// construction. One scan of the cycle's entries (an index range), only on these rare changes, never per event.
/// </summary>
public static class SpendRecount
{
    /// <summary>
    /// What each (currency, user, key, resource) took in the cycle: charges net of their reversals, and holds net of their
    /// releases (a reservation's holds are placed at once, so they are grouped by enrichment). A settled reservation's
    /// charge counts as its reservation did: under the key that reserved and in the cycle of its hold (none when that was
    /// an earlier cycle).
    /// </summary>
    private const string NetSpend = """
        WITH charged AS (
            SELECT c.currency, c.user_id, CASE WHEN h.recorded_at IS NULL THEN c.api_key_id ELSE h.api_key_id END, c.resource_id,
                   -c.amount - COALESCE((SELECT r.amount FROM ledger_entries r
                                         WHERE r.workspace_id = $1 AND r.reverses_entry_id = c.id), 0) AS spent
            FROM ledger_entries c
            LEFT JOIN LATERAL (SELECT e.api_key_id, e.recorded_at FROM ledger_entries e
                               WHERE e.workspace_id = $1 AND e.enrichment_id = c.enrichment_id AND e.type = 'hold'
                               ORDER BY e.sequence LIMIT 1) h ON true
            WHERE c.workspace_id = $1 AND c.type = 'charge' AND c.recorded_at >= $2 AND c.recorded_at < $3
              AND COALESCE(h.recorded_at, c.recorded_at) >= $2
        ), held AS (
            SELECT h.currency, h.user_id, h.api_key_id, h.resource_id,
                   -sum(h.amount) - COALESCE((SELECT sum(r.amount) FROM ledger_entries r
                                              WHERE r.workspace_id = $1 AND r.type = 'release' AND r.enrichment_id = h.enrichment_id
                                                AND r.currency = h.currency), 0) AS spent
            FROM ledger_entries h
            WHERE h.workspace_id = $1 AND h.type = 'hold' AND h.recorded_at >= $2 AND h.recorded_at < $3
            GROUP BY h.enrichment_id, h.currency, h.user_id, h.api_key_id, h.resource_id
        )
        SELECT currency, user_id, api_key_id, resource_id, sum(spent) FROM (SELECT * FROM charged UNION ALL SELECT * FROM held) AS s
        GROUP BY 1, 2, 3, 4 HAVING sum(spent) <> 0
        """;

    /// <summary>
    /// After a resource moved or changed kind (inside the transaction holding the workspace lock): the resource counters
    /// follow the tree as it is now. Nothing to do when no limit depends on the tree.
    /// </summary>
    public static async Task AfterTreeChangeAsync(NpgsqlConnection connection, Guid workspaceId, TimeProvider clock, CancellationToken ct)
    {
        if (await LedgerStore.LockAsync(connection, workspaceId, clock, ct) is { Spend.TracksResources: true } book)
        {
            await RunAsync(connection, book, ct);
        }
    }

    public static async Task RunAsync(NpgsqlConnection connection, WorkspaceBook book, CancellationToken ct)
    {
        var cycle = book.Cycle;
        var spending = new List<(Currency Currency, SpendSubject Subject, decimal Amount)>();
        await using (var command = Sql.Command(connection, NetSpend, book.WorkspaceId, cycle.Start, cycle.End))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var subject = new SpendSubject(
                    reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3));
                spending.Add((CurrencyNames.Parse(reader.GetString(0)), subject, reader.GetDecimal(4)));
            }
        }

        await SpendLimitStore.LoadPathsAsync(connection, book, spending.Select(s => s.Subject.ResourceId), ct);
        book.Spend.ClearCounters();
        foreach (var (currency, subject, amount) in spending)
        {
            book.Spend.Count(currency, amount, subject, cycle.Index);
        }

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Sql.BatchCommand("DELETE FROM spend_counters WHERE workspace_id = $1", book.WorkspaceId));
        SpendLimitStore.AddCounterWrites(batch, [book]);
        await batch.ExecuteNonQueryAsync(ct);
        // Written: the transaction's commit has nothing left to write for them.
        book.Spend.Changed.Clear();
    }
}
