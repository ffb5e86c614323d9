using Npgsql;
using CreditLedger.Api.Database;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// Writes events into the outbox with the transaction that raised them: the event, one pending delivery per webhook
/// subscribed to its type (or only the one a ping names; failed at once when that webhook's queue is full), and a
/// notification that wakes the dispatchers at commit.
/// </summary>
public static class OutboxWriter
{
    public const string Channel = "creditledger_webhooks";

    /// <summary>
    /// Pending deliveries one webhook may have queued. Past it a new event's delivery to that webhook is recorded as
    /// failed at once (visible in its delivery log): a dead receiver's backlog stays bounded, and the change that raised
    /// the event is never refused for it.
    /// </summary>
    public const int MaxPendingPerWebhook = 1000;

    public static void AddEvents(NpgsqlBatch batch, IReadOnlyList<OutboxEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Sql.BatchCommand("""
            INSERT INTO webhook_events (workspace_id, id, type, body, created_at)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])
            """,
            events.Select(e => e.WorkspaceId).ToArray(), events.Select(e => e.Id).ToArray(), events.Select(e => e.Type).ToArray(),
            events.Select(e => e.Body).ToArray(), events.Select(e => e.CreatedAt).ToArray()));
        batch.BatchCommands.Add(Sql.BatchCommand("""
            INSERT INTO webhook_deliveries (workspace_id, id, webhook_id, event_id, status, attempts, next_attempt_at, created_at)
            SELECT e.workspace_id, gen_random_uuid(), w.id, e.id, CASE WHEN q.full THEN 'failed' ELSE 'pending' END, 0,
                   CASE WHEN q.full THEN NULL ELSE e.created_at END, e.created_at
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::uuid[]) AS e(workspace_id, id, type, created_at, only_webhook)
            JOIN webhooks w ON w.workspace_id = e.workspace_id
             AND (w.id = e.only_webhook OR (e.only_webhook IS NULL AND e.type = ANY (w.events)))
            CROSS JOIN LATERAL (SELECT count(*) >= $6 AS full FROM (
                SELECT 1 FROM webhook_deliveries p WHERE p.workspace_id = w.workspace_id AND p.webhook_id = w.id AND p.status = 'pending'
                LIMIT $6) AS queued) AS q
            """,
            events.Select(e => e.WorkspaceId).ToArray(), events.Select(e => e.Id).ToArray(), events.Select(e => e.Type).ToArray(),
            events.Select(e => e.CreatedAt).ToArray(), events.Select(e => e.OnlyWebhookId).ToArray(), MaxPendingPerWebhook));
        batch.BatchCommands.Add(Sql.BatchCommand($"SELECT pg_notify('{Channel}', '')"));
    }

    /// <summary>Writes events outside a ledger transaction (a ping, a refusal's event, a sweep's), in the caller's transaction.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection);
        AddEvents(batch, events);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }
}
