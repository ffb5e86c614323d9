using CreditLedger.Api.Database;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.TopUps;

/// <summary>A change to one currency's rule: keep it (<see cref="Keep"/>), or set it to <see cref="Rule"/> (null removes it).</summary>
public readonly record struct TopUpChange(bool Changes, TopUpRule? Rule)
{
    public static TopUpChange Keep => default;
}

/// <summary>A rule with the top-up grants it made in the current billing cycle.</summary>
public sealed record TopUpRuleReading(TopUpRule Rule, int UsedThisCycle);

public sealed record TopUpRules(TopUpRuleReading? Actions, TopUpRuleReading? DataCredits);

/// <summary>The workspace's rules as settings: read for the API, written under the workspace lock (so no charge sees half a change).</summary>
public static class TopUpSettings
{
    public static async Task<TopUpRules?> ReadAsync(NpgsqlConnection connection, Guid workspaceId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, $"""
            SELECT w.billing_anchor, {TopUpStore.RuleColumns}
            FROM workspaces w LEFT JOIN auto_top_up_rules r ON r.workspace_id = w.id AND r.below IS NOT NULL
            WHERE w.id = $1
            """, workspaceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = false;
        var rules = new TopUpRuleReading?[2];
        while (await reader.ReadAsync(ct))
        {
            found = true;
            if (reader.IsDBNull(1))
            {
                continue;
            }

            var cycle = BillingCycle.At(reader.GetFieldValue<DateTimeOffset>(0), now).Index;
            var (currency, rule, usedCycle, usedCount) = TopUpStore.ReadRow(reader, at: 1);
            rules[(int)currency] = new TopUpRuleReading(rule, TopUpState.CountIn(usedCycle, usedCount, cycle));
        }

        return found ? new TopUpRules(rules[(int)Currency.Actions], rules[(int)Currency.DataCredits]) : null;
    }

    /// <summary>Sets or removes one currency's rule, keeping its counters; call under the workspace lock.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, Guid workspaceId, Currency currency, TopUpRule? rule, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            INSERT INTO auto_top_up_rules AS r (workspace_id, currency, below, amount, mode, unit_price, max_per_cycle, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (workspace_id, currency) DO UPDATE SET below = excluded.below, amount = excluded.amount, mode = excluded.mode,
                unit_price = excluded.unit_price, max_per_cycle = excluded.max_per_cycle, updated_at = excluded.updated_at
            """,
            workspaceId, currency.ToWire(), rule?.Below, rule?.Amount, rule?.Mode, rule?.UnitPrice, rule?.MaxPerCycle, now);
        await command.ExecuteNonQueryAsync(ct);
    }
}
