using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Engine.Reservations;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Engine;

public sealed record ValueItem(
    string Currency, string Source, decimal Granted, decimal Consumed, decimal Expired, decimal Voided,
    decimal GrantedValue, decimal ConsumedValue, decimal ExpiredValue, decimal VoidedValue);

public sealed record ValueTotals(decimal GrantedValue, decimal ConsumedValue, decimal ExpiredValue, decimal VoidedValue, decimal BreakageValue);

public sealed record OutstandingItem(string Currency, string Source, decimal Remaining, decimal RemainingValue);

public sealed record Outstanding(DateTimeOffset AsOf, IReadOnlyList<OutstandingItem> Items, decimal TotalValue);

[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","priceCurrency":"USD","items":[{"currency":"data_credits","source":"purchase","granted":10000,"consumed":6200,"expired":0,"voided":0,"grantedValue":400,"consumedValue":248,"expiredValue":0,"voidedValue":0}],"totals":{"grantedValue":400,"consumedValue":248,"expiredValue":0,"voidedValue":0,"breakageValue":0},"outstanding":{"asOf":"2026-12-01T09:00:00Z","items":[{"currency":"data_credits","source":"purchase","remaining":3800,"remainingValue":152}],"totalValue":152}}""")]
public sealed record ValueReportResponse(
    DateTimeOffset From, DateTimeOffset To, string PriceCurrency, IReadOnlyList<ValueItem> Items, ValueTotals Totals, Outstanding Outstanding);

/// <summary>
/// What credit was worth over a range, from the value rollups (<see cref="ValueRollups"/>, exact to the instant) and each grant's
/// unit price: every entry recorded in the range
/// counts by the currency and source of the grant it belongs to or drew from, a reversal against the figure of the entry
/// it reverses; each value is Σ amount × unit price, rounded once per item (numeric, half away from zero). Outstanding
/// is now: each active grant's remaining credit plus what pending reservations hold on it.
/// </summary>
public static class ValueReport
{
    public static async Task<ValueReportResponse?> ReadAsync(ReadSource reads, Guid workspaceId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var connection = await reads.Database.OpenConnectionAsync(ct);
        await using var batch = new Npgsql.NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Sql.BatchCommand("SELECT price_currency FROM workspaces WHERE id = $1", workspaceId),
                Sql.BatchCommand(ValueRollups.ReportSql, [workspaceId, .. ValueRollups.Cuts(from, to).Cast<object?>()]),
                Sql.BatchCommand(Remaining, workspaceId),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var priceCurrency = reader.GetString(0);
        await reader.NextResultAsync(ct);
        var items = new List<ValueItem>();
        while (await reader.ReadAsync(ct))
        {
            items.Add(new ValueItem(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9)));
        }

        await reader.NextResultAsync(ct);
        var outstanding = new List<OutstandingItem>();
        while (await reader.ReadAsync(ct))
        {
            outstanding.Add(new OutstandingItem(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3)));
        }

        items.RemoveAll(i => i is { Granted: 0, Consumed: 0, Expired: 0, Voided: 0, GrantedValue: 0, ConsumedValue: 0, ExpiredValue: 0, VoidedValue: 0 });
        outstanding.RemoveAll(i => i is { Remaining: 0, RemainingValue: 0 });
        // Credit that expired only to come back as a rollover grant is not breakage.
        var rolledOver = items.Where(i => i.Source == GrantSources.Rollover).Sum(i => i.GrantedValue);
        var expired = items.Sum(i => i.ExpiredValue);
        var totals = new ValueTotals(items.Sum(i => i.GrantedValue), items.Sum(i => i.ConsumedValue), expired, items.Sum(i => i.VoidedValue), expired - rolledOver);
        return new ValueReportResponse(from, to, priceCurrency, items, totals, new Outstanding(now, outstanding, outstanding.Sum(i => i.RemainingValue)));
    }

    // Each active grant's remainder plus what pending reservations hold on it.
    private const string Remaining = $"""
        SELECT g.currency, g.source, sum(g.remaining + coalesce(h.held, 0)), round(sum((g.remaining + coalesce(h.held, 0)) * g.unit_price), 4)
        FROM grants g
        LEFT JOIN ({EnrichmentRow.PendingHoldsByGrant}) AS h ON h.grant_id = g.id
        WHERE g.workspace_id = $1 AND g.status = 'active'
        GROUP BY g.currency, g.source
        ORDER BY g.currency, g.source
        """;
}
