using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;

namespace CreditLedger.Api.Engine.TopUps;

/// <summary>The SQL of top-up rules on the engine's path: read with the books (same round trip as the lock), counters written with the entries.</summary>
public static class TopUpStore
{
    /// <summary>A rule row's columns, in the order <see cref="ReadRow"/> reads them.</summary>
    public const string RuleColumns = "r.currency, r.below, r.amount, r.mode, r.unit_price, r.max_per_cycle, r.used_cycle, r.used_count";

    /// <summary>The rules set on the books' workspaces, each with whether a top-up grant of its currency waits for payment.</summary>
    public const string LoadSql = $"""
        SELECT r.workspace_id, {RuleColumns},
               EXISTS (SELECT 1 FROM grants g WHERE g.workspace_id = r.workspace_id AND g.currency = r.currency
                       AND g.status = 'pending' AND g.auto_top_up)
        FROM auto_top_up_rules r WHERE r.workspace_id = ANY($1) AND r.below IS NOT NULL
        """;

    public static void ReadRule(NpgsqlDataReader reader, IReadOnlyDictionary<Guid, WorkspaceBook> books)
    {
        if (books.TryGetValue(reader.GetGuid(0), out var book))
        {
            var (currency, rule, usedCycle, usedCount) = ReadRow(reader, at: 1);
            book.RestoreTopUpRule(currency, new TopUpState(rule, usedCycle, usedCount, reader.GetBoolean(9)));
        }
    }

    /// <summary>A rule row from <see cref="RuleColumns"/>, starting at column <paramref name="at"/>.</summary>
    public static (Currency Currency, TopUpRule Rule, int UsedCycle, int UsedCount) ReadRow(NpgsqlDataReader reader, int at) =>
        (CurrencyNames.Parse(reader.GetString(at)),
         new TopUpRule(reader.GetDecimal(at + 1), reader.GetDecimal(at + 2), reader.GetString(at + 3), reader.GetDecimal(at + 4), reader.GetInt32(at + 5)),
         reader.GetInt32(at + 6), reader.GetInt32(at + 7));

    /// <summary>The counters of rules that made a top-up in this transaction.</summary>
    public static void AddCounterWrites(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => CurrencyNames.All.Select(c => (b.WorkspaceId, Currency: c, State: b.TopUpRule(c))))
            .Where(r => r.State is { Changed: true }).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            UPDATE auto_top_up_rules r SET used_cycle = v.used_cycle, used_count = v.used_count
            FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[]) AS v(workspace_id, currency, used_cycle, used_count)
            WHERE r.workspace_id = v.workspace_id AND r.currency = v.currency
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Currency.ToWire()).ToArray(),
            rows.Select(r => r.State!.UsedCycle).ToArray(), rows.Select(r => r.State!.UsedCount).ToArray()));
    }
}
