using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Engine.TopUps;
using CreditLedger.Rules;
using Npgsql;
using static CreditLedger.Api.Engine.LedgerStore;
using CreditLedger.Api.Outbox;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Engine;

/// <summary>
/// Writes what books appended, in one round trip: multi-row INSERTs from arrays (unnest) for entries, grants, usage (each
/// event with its key), the other operations' idempotency keys, rollups, spend counters and outbox events, then the head
/// rows; a large transaction copies its entries, usage and keys first (<see cref="BulkCopy"/>). Called once per
/// transaction, for one or many books.
/// </summary>
public static class LedgerWriter
{
    public static async Task SaveAsync(NpgsqlConnection connection, IReadOnlyCollection<WorkspaceBook> books, CancellationToken ct)
    {
        var bulk = BulkCopy.Applies(books);
        if (bulk)
        {
            await BulkCopy.WriteAsync(connection, books, ct);
        }

        await using var batch = new NpgsqlBatch(connection);
        AddGrantInserts(batch, books);
        AddGrantUpdates(batch, books);
        if (!bulk)
        {
            AddEntries(batch, books);
            AddUsage(batch, books);
            AddResponses(batch, books);
        }

        RollupWriter.AddRollups(batch, books);
        ValueRollups.AddWrites(batch, books);
        SpendLimitStore.AddCounterWrites(batch, books);
        TopUpStore.AddCounterWrites(batch, books);
        OutboxWriter.AddEvents(batch, books.SelectMany(b => b.Alerts.NewEvents).ToList());
        AddHeads(batch, books);
        await batch.ExecuteNonQueryAsync(ct);
    }

    private static void AddHeads(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books) =>
        batch.BatchCommands.Add(Command("""
            INSERT INTO workspace_heads AS h (workspace_id, last_sequence, last_hash, cycle_index, usage_count,
                actions_available, data_credits_available, actions_held, data_credits_held,
                last_recorded_at, cycle_actions_granted, cycle_data_credits_granted, alert_state)
            SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bytea[], $4::int[], $5::bigint[],
                $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[], $10::timestamptz[], $11::numeric[], $12::numeric[], $13::int[])
            ON CONFLICT (workspace_id) DO UPDATE SET last_sequence = excluded.last_sequence, last_hash = excluded.last_hash,
                cycle_index = excluded.cycle_index, usage_count = excluded.usage_count,
                actions_available = excluded.actions_available, data_credits_available = excluded.data_credits_available,
                actions_held = excluded.actions_held, data_credits_held = excluded.data_credits_held,
                last_recorded_at = greatest(h.last_recorded_at, excluded.last_recorded_at),
                cycle_actions_granted = excluded.cycle_actions_granted, cycle_data_credits_granted = excluded.cycle_data_credits_granted,
                alert_state = excluded.alert_state
            """,
            books.Select(b => b.WorkspaceId).ToArray(), books.Select(b => b.Sequence).ToArray(),
            books.Select(b => b.LastHash.ToArray()).ToArray(), books.Select(b => b.CycleIndex).ToArray(),
            books.Select(b => b.UsageTotal).ToArray(),
            books.Select(b => b.Available(Currency.Actions)).ToArray(), books.Select(b => b.Available(Currency.DataCredits)).ToArray(),
            books.Select(b => b.Held(Currency.Actions)).ToArray(), books.Select(b => b.Held(Currency.DataCredits)).ToArray(),
            books.Select(b => b.NewEntries.Count > 0 ? b.Now : (DateTimeOffset?)null).ToArray(),
            books.Select(b => b.CycleGranted(Currency.Actions)).ToArray(), books.Select(b => b.CycleGranted(Currency.DataCredits)).ToArray(),
            books.Select(b => b.Alerts.State).ToArray()));

    private static void AddGrantInserts(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.Grants.Values.Where(g => g.IsNew).Select(g => (b.WorkspaceId, Grant: g))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO grants (workspace_id, id, currency, source, amount, remaining, effective_at, expires_at, cycle_index, unit_price, status,
                auto_top_up)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::numeric[],
                $7::timestamptz[], $8::timestamptz[], $9::int[], $10::numeric[], $11::text[], $12::boolean[])
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Grant.Id).ToArray(),
            rows.Select(r => r.Grant.Currency.ToWire()).ToArray(), rows.Select(r => r.Grant.Source).ToArray(),
            rows.Select(r => r.Grant.Amount).ToArray(), rows.Select(r => r.Grant.Remaining).ToArray(),
            rows.Select(r => r.Grant.EffectiveAt).ToArray(), rows.Select(r => r.Grant.ExpiresAt).ToArray(),
            rows.Select(r => r.Grant.CycleIndex).ToArray(), rows.Select(r => r.Grant.UnitPrice).ToArray(), rows.Select(r => r.Grant.Status).ToArray(),
            rows.Select(r => r.Grant.AutoTopUp).ToArray()));
    }

    private static void AddGrantUpdates(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.ChangedGrants.Select(id => (b.WorkspaceId, Grant: b.Grants[id]))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            UPDATE grants g SET remaining = v.remaining, status = v.status, effective_at = v.effective_at
            FROM unnest($1::uuid[], $2::uuid[], $3::numeric[], $4::text[], $5::timestamptz[]) AS v(workspace_id, id, remaining, status, effective_at)
            WHERE g.workspace_id = v.workspace_id AND g.id = v.id
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Grant.Id).ToArray(),
            rows.Select(r => r.Grant.Remaining).ToArray(), rows.Select(r => r.Grant.Status).ToArray(),
            rows.Select(r => r.Grant.EffectiveAt).ToArray()));
    }

    private static void AddEntries(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var e = books.SelectMany(b => b.NewEntries).ToList();
        if (e.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command($"""
            INSERT INTO ledger_entries ({LedgerReader.Columns})
            SELECT *, true FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::numeric[], $7::numeric[],
                $8::timestamptz[], $9::timestamptz[], $10::uuid[], $11::uuid[], $12::uuid[], $13::uuid[], $14::text[],
                $15::text[], $16::text[], $17::uuid[], $18::text[], $19::bytea[], $20::text[], $21::uuid[], $22::numeric[])
            """,
            e.Select(x => x.WorkspaceId).ToArray(), e.Select(x => x.Sequence).ToArray(), e.Select(x => x.Id).ToArray(),
            e.Select(x => x.Type).ToArray(), e.Select(x => x.Currency.ToWire()).ToArray(), e.Select(x => x.Amount).ToArray(),
            e.Select(x => x.BalanceAfter).ToArray(), e.Select(x => x.OccurredAt).ToArray(), e.Select(x => x.RecordedAt).ToArray(),
            e.Select(x => x.UsageId).ToArray(), e.Select(x => x.GrantId).ToArray(), e.Select(x => x.EnrichmentId).ToArray(),
            e.Select(x => x.UserId).ToArray(), e.Select(x => x.Kind).ToArray(), e.Select(x => x.Integration).ToArray(),
            e.Select(x => x.Service).ToArray(), e.Select(x => x.ReversesEntryId).ToArray(), e.Select(x => x.Reason).ToArray(),
            e.Select(x => x.Hash.ToArray()).ToArray(), e.Select(x => x.ResourceId).ToArray(), e.Select(x => x.ApiKeyId).ToArray(),
            e.Select(x => x.OtherBalanceAfter).ToArray()));
    }

    private static void AddUsage(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.NewUsage.Select(u => (b.WorkspaceId, Usage: u))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command("""
            INSERT INTO usage_events (workspace_id, id, kind, user_id, integration, service, outcome, quantity,
                occurred_at, recorded_at, enrichment_id, metadata, resource_id, api_key_id, actions, data_credits,
                idempotency_key, request_hash)
            SELECT w, i, k, u, ig, s, o, q, oa, ra, en, m::jsonb, rs, ak, a, d, ik, rh FROM unnest($1::uuid[], $2::uuid[], $3::text[],
                $4::uuid[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[], $10::timestamptz[], $11::uuid[],
                $12::text[], $13::text[], $14::uuid[], $15::numeric[], $16::numeric[], $17::text[], $18::bytea[])
              AS v(w, i, k, u, ig, s, o, q, oa, ra, en, m, rs, ak, a, d, ik, rh)
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Usage.Id).ToArray(),
            rows.Select(r => r.Usage.Kind).ToArray(), rows.Select(r => r.Usage.UserId).ToArray(),
            rows.Select(r => r.Usage.Integration).ToArray(), rows.Select(r => r.Usage.Service).ToArray(),
            rows.Select(r => r.Usage.Outcome).ToArray(), rows.Select(r => r.Usage.Quantity).ToArray(),
            rows.Select(r => r.Usage.OccurredAt).ToArray(), rows.Select(r => r.Usage.RecordedAt).ToArray(),
            rows.Select(r => r.Usage.EnrichmentId).ToArray(), rows.Select(r => r.Usage.MetadataJson).ToArray(),
            rows.Select(r => r.Usage.ResourceId).ToArray(), rows.Select(r => r.Usage.ApiKeyId).ToArray(),
            rows.Select(r => r.Usage.Charged.Actions).ToArray(), rows.Select(r => r.Usage.Charged.DataCredits).ToArray(),
            rows.Select(r => r.Usage.IdempotencyKey).ToArray(), rows.Select(r => r.Usage.RequestHash).ToArray()));
    }

    private static void AddResponses(NpgsqlBatch batch, IReadOnlyCollection<WorkspaceBook> books)
    {
        var rows = books.SelectMany(b => b.NewResponses.Select(r => (b.WorkspaceId, b.Now, Response: r))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // The responses travel as their UTF-8 bytes and become text in the database (convert_from checks them as text
        // input would): decoding each to a string here only for Npgsql to encode it again cost two copies per event.
        batch.BatchCommands.Add(Command("""
            INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at)
            SELECT w, s, k, h, c, convert_from(r, 'UTF8'), t
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[], $5::int[], $6::bytea[], $7::timestamptz[])
              AS u(w, s, k, h, c, r, t)
            """,
            rows.Select(r => r.WorkspaceId).ToArray(), rows.Select(r => r.Response.Scope).ToArray(),
            rows.Select(r => r.Response.Key).ToArray(), rows.Select(r => r.Response.RequestHash).ToArray(),
            rows.Select(r => r.Response.StatusCode).ToArray(), rows.Select(r => r.Response.Json).ToArray(),
            rows.Select(r => r.Now).ToArray()));
    }
}
