using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Tests.Support;

/// <summary>
/// Every spend counter recomputed from the ledger, written independently of the service's recount: for the counter's cycle,
/// the scope's charges and holds recorded in it, less the reversals and releases of exactly those (attributed like the
/// original entry), with a resource's descendants found by walking the tree down. A charge that settled a reservation is
/// attributed to the reservation: its key, and the cycle of its hold. Set limits and default-capped
/// workbooks without a counter must have spent nothing in the current cycle.
/// </summary>
public static class SpendCounterInvariants
{
    private const string Recomputed = """
        WITH RECURSIVE members(id) AS (
            SELECT $3::text WHERE $2 = 'resource'
            UNION
            SELECT r.id FROM resources r JOIN members m ON r.workspace_id = $1 AND r.parent_id = m.id),
        charges AS (
            SELECT c.id, c.currency, c.amount, c.user_id, c.resource_id, c.recorded_at,
                   coalesce(r.api_key_id, c.api_key_id) AS counted_key, coalesce(r.created_at, c.recorded_at) AS counted_at
            FROM ledger_entries c LEFT JOIN enrichments r ON r.workspace_id = c.workspace_id AND r.id = c.enrichment_id
            WHERE c.workspace_id = $1 AND c.type = 'charge'),
        attributed AS (
            SELECT c.currency, c.amount, c.user_id, c.counted_key, c.resource_id FROM charges c
            WHERE c.counted_at >= $4 AND c.counted_at < $5 AND c.recorded_at < $5
            UNION ALL
            SELECT e.currency, e.amount, e.user_id, e.api_key_id, e.resource_id FROM ledger_entries e
            WHERE e.workspace_id = $1 AND e.type = 'hold' AND e.recorded_at >= $4 AND e.recorded_at < $5
            UNION ALL
            SELECT e.currency, e.amount, o.user_id, o.counted_key, o.resource_id
            FROM ledger_entries e JOIN charges o ON o.id = e.reverses_entry_id
            WHERE e.workspace_id = $1 AND e.type = 'reversal'
              AND o.counted_at >= $4 AND o.counted_at < $5 AND e.recorded_at < $5
            UNION ALL
            SELECT e.currency, e.amount, h.user_id, h.api_key_id, h.resource_id
            FROM ledger_entries e JOIN ledger_entries h ON h.workspace_id = e.workspace_id AND h.type = 'hold'
              AND h.enrichment_id = e.enrichment_id AND h.grant_id = e.grant_id
            WHERE e.workspace_id = $1 AND e.type = 'release' AND h.recorded_at >= $4 AND h.recorded_at < $5 AND e.recorded_at < $5)
        SELECT COALESCE(-sum(amount) FILTER (WHERE currency = 'actions'), 0), COALESCE(-sum(amount) FILTER (WHERE currency = 'data_credits'), 0)
        FROM attributed a
        WHERE ($2 = 'user' AND a.user_id::text = $3) OR ($2 = 'api_key' AND a.counted_key::text = $3)
           OR ($2 = 'resource' AND a.resource_id IN (SELECT id FROM members))
        """;

    /// <summary>(workspace, scope, id, cycle, spent) to check: every counter, and every limited scope without one (spent 0 now).</summary>
    private const string Expected = """
        SELECT c.workspace_id, c.scope, c.scope_id, c.cycle_index, c.actions_spent, c.data_credits_spent, w.billing_anchor
        FROM spend_counters c JOIN workspaces w ON w.id = c.workspace_id
        UNION ALL
        SELECT s.workspace_id, s.scope, s.scope_id, h.cycle_index, 0, 0, w.billing_anchor
        FROM (SELECT workspace_id, scope, scope_id FROM spend_limits WHERE scope <> 'workbook_default'
              UNION
              SELECT r.workspace_id, 'resource', r.id FROM resources r
              WHERE r.kind = 'workbook' AND EXISTS (SELECT FROM spend_limits d WHERE d.workspace_id = r.workspace_id AND d.scope = 'workbook_default')) s
        JOIN workspaces w ON w.id = s.workspace_id JOIN workspace_heads h ON h.workspace_id = s.workspace_id
        WHERE NOT EXISTS (SELECT FROM spend_counters c WHERE c.workspace_id = s.workspace_id AND c.scope = s.scope AND c.scope_id = s.scope_id)
        """;

    /// <summary>
    /// Reads counters and ledger in one snapshot (a repeatable-read transaction): a background sweep committing between two
    /// statements would otherwise show a counter from before its commit beside a ledger from after it.
    /// </summary>
    public static async Task AssertAsync(NpgsqlConnection connection)
    {
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var expected = new List<(Guid Workspace, string Scope, string Id, int Cycle, decimal Actions, decimal DataCredits, DateTimeOffset Anchor)>();
        await using (var command = new NpgsqlCommand(Expected, connection, snapshot))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                expected.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetDecimal(4),
                    reader.GetDecimal(5), reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        foreach (var counter in expected)
        {
            await using var command = new NpgsqlCommand(Recomputed, connection, snapshot)
            {
                Parameters =
                {
                    new() { Value = counter.Workspace }, new() { Value = counter.Scope }, new() { Value = counter.Id },
                    new() { Value = BillingCycle.StartOf(counter.Anchor, counter.Cycle) },
                    new() { Value = BillingCycle.StartOf(counter.Anchor, counter.Cycle + 1) },
                },
            };
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var label = $"spend counter {counter.Scope} '{counter.Id}' of workspace {counter.Workspace} in cycle {counter.Cycle}";
            reader.GetDecimal(0).ShouldBe(counter.Actions, $"{label}: actions recomputed from the ledger");
            reader.GetDecimal(1).ShouldBe(counter.DataCredits, $"{label}: data credits recomputed from the ledger");
        }
    }
}
