using CreditLedger.Api.Database;
using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine;

/// <summary>Reads a workspace's book under its row lock and writes everything the book appended.</summary>
public static class LedgerStore
{
    /// <summary>Locks the workspace's head row (serializing its writers) and loads its open grants; null if unknown.</summary>
    public static async Task<WorkspaceBook?> LockAsync(
        NpgsqlConnection connection, Guid workspaceId, TimeProvider clock, CancellationToken ct, IReadsUnderLock? alsoRead = null) =>
        (await LockManyAsync(connection, [workspaceId], clock, skipLocked: false, ct, alsoRead)).SingleOrDefault();

    // Only locks. Under READ COMMITTED a row lock that had to wait returns the locked row's newest version but
    // joined rows as of the statement's start, so nothing is read here: the next statements read after the lock.
    private const string LockHeads = """
        SELECT workspace_id FROM workspace_heads WHERE workspace_id = ANY($1) ORDER BY workspace_id FOR UPDATE
        """;

    private const string ReadHeads = """
        SELECT h.workspace_id, h.last_sequence, h.last_hash, h.cycle_index, h.usage_count,
               h.actions_available, h.data_credits_available, h.actions_held, h.data_credits_held,
               w.billing_anchor, w.plan_actions, w.plan_data_credits, h.last_recorded_at,
               h.cycle_actions_granted, h.cycle_data_credits_granted, w.plan_rollover_actions, w.plan_rollover_data_credits,
               w.alert_actions_low_balance, w.alert_data_credits_low_balance, w.webhook_event_types, h.alert_state,
               w.plan_unit_price_actions, w.plan_unit_price_data_credits
        FROM workspace_heads h JOIN workspaces w ON w.id = h.workspace_id
        WHERE h.workspace_id = ANY($1)
        """;

    private const string OpenGrantsOfMany = """
        SELECT workspace_id, id, currency, source, amount, remaining, effective_at, expires_at, cycle_index, status, unit_price, auto_top_up
        FROM grants WHERE workspace_id = ANY($1) AND has_remaining
        """;

    /// <summary>
    /// Locks many workspaces' head rows in id order, then reads their heads, plans, open grants, spend limits and top-up rules, in one round
    /// trip. With <paramref name="skipLocked"/> a workspace another transaction holds is left out instead of
    /// waited for. Each book's clock is read after its lock and never runs behind the workspace's last entry.
    /// <paramref name="alsoRead"/>'s statements follow in the same round trip.
    /// </summary>
    public static async Task<List<WorkspaceBook>> LockManyAsync(
        NpgsqlConnection connection, Guid[] workspaceIds, TimeProvider clock, bool skipLocked, CancellationToken ct, IReadsUnderLock? alsoRead = null)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(skipLocked ? LockHeads.Replace("FOR UPDATE", "FOR UPDATE SKIP LOCKED") : LockHeads, workspaceIds));
        batch.BatchCommands.Add(Command(ReadHeads, workspaceIds));
        batch.BatchCommands.Add(Command(OpenGrantsOfMany, workspaceIds));
        batch.BatchCommands.Add(Command(SpendLimitStore.LoadSql, workspaceIds));
        batch.BatchCommands.Add(Command(TopUpStore.LoadSql, workspaceIds));
        alsoRead?.AddCommands(batch);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var locked = new HashSet<Guid>();
        while (await reader.ReadAsync(ct))
        {
            locked.Add(reader.GetGuid(0));
        }

        await reader.NextResultAsync(ct);
        var now = LedgerSession.TruncateToMicroseconds(clock.GetUtcNow());
        var books = new Dictionary<Guid, WorkspaceBook>();
        while (await reader.ReadAsync(ct))
        {
            var workspaceId = reader.GetGuid(0);
            if (!locked.Contains(workspaceId))
            {
                continue;
            }

            var lastRecordedAt = reader.IsDBNull(12) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(12);
            var book = new WorkspaceBook
            {
                WorkspaceId = workspaceId,
                BillingAnchor = reader.GetFieldValue<DateTimeOffset>(9),
                PlanActions = reader.GetDecimal(10),
                PlanDataCredits = reader.GetDecimal(11),
                RolloverActions = reader.GetDecimal(15),
                RolloverDataCredits = reader.GetDecimal(16),
                PlanUnitPriceActions = reader.GetDecimal(21),
                PlanUnitPriceDataCredits = reader.GetDecimal(22),
                Now = now > lastRecordedAt ? now : lastRecordedAt,
                UsageCount = reader.GetInt64(4),
            };
            book.Restore(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2), reader.GetInt32(3),
                [reader.GetDecimal(5), reader.GetDecimal(6)], [reader.GetDecimal(7), reader.GetDecimal(8)],
                [reader.GetDecimal(13), reader.GetDecimal(14)]);
            ReadAlerts(reader, book.Alerts);
            books[workspaceId] = book;
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (books.TryGetValue(reader.GetGuid(0), out var book))
            {
                var grant = ReadGrant(reader, offset: 1);
                book.LoadGrant(grant);
            }
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            SpendLimitStore.ReadLimits(reader, books);
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            TopUpStore.ReadRule(reader, books);
        }

        if (alsoRead is not null)
        {
            await reader.NextResultAsync(ct);
            await alsoRead.ReadAsync(reader, ct);
        }

        return [.. books.Values];
    }

    /// <summary>Thresholds, subscribed types and alert state: columns 17 to 20 of the heads read.</summary>
    private static void ReadAlerts(NpgsqlDataReader reader, AlertBook alerts)
    {
        alerts.LowBalance[(int)Currency.Actions] = reader.IsDBNull(17) ? null : reader.GetDecimal(17);
        alerts.LowBalance[(int)Currency.DataCredits] = reader.IsDBNull(18) ? null : reader.GetDecimal(18);
        alerts.Subscribed.UnionWith(reader.GetFieldValue<string[]>(19));
        alerts.State = reader.GetInt32(20);
    }

    /// <summary>Loads grants the book does not hold yet (spent ones that a release or reversal pays back into).</summary>
    public static async Task LoadGrantsAsync(NpgsqlConnection connection, WorkspaceBook book, IEnumerable<Guid> grantIds, CancellationToken ct)
    {
        var missing = grantIds.Where(id => !book.Grants.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        await using var command = Sql.Command(connection,
            """
            SELECT id, currency, source, amount, remaining, effective_at, expires_at, cycle_index, status, unit_price, auto_top_up
            FROM grants WHERE workspace_id = $1 AND id = ANY($2)
            """,
            book.WorkspaceId, missing);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var grant = ReadGrant(reader);
            book.LoadGrant(grant);
        }
    }

    /// <summary>A grant from columns id, currency, source, amount, remaining, effective_at, expires_at, cycle_index, status, unit_price, auto_top_up.</summary>
    private static GrantState ReadGrant(NpgsqlDataReader reader, int offset = 0) => new()
    {
        Id = reader.GetGuid(offset),
        Currency = CurrencyNames.Parse(reader.GetString(offset + 1)),
        Source = reader.GetString(offset + 2),
        Amount = reader.GetDecimal(offset + 3),
        Remaining = reader.GetDecimal(offset + 4),
        EffectiveAt = reader.GetFieldValue<DateTimeOffset>(offset + 5),
        ExpiresAt = reader.IsDBNull(offset + 6) ? null : reader.GetFieldValue<DateTimeOffset>(offset + 6),
        CycleIndex = reader.IsDBNull(offset + 7) ? null : reader.GetInt32(offset + 7),
        Status = reader.GetString(offset + 8),
        UnitPrice = reader.GetDecimal(offset + 9),
        AutoTopUp = reader.GetBoolean(offset + 10),
    };

    internal static NpgsqlBatchCommand Command(string sql, params object?[] values) => Sql.BatchCommand(sql, values);
}
