using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Outbox;

/// <summary>A delivery a dispatcher claimed: where it goes, what it carries, and which attempt this is.</summary>
public sealed record ClaimedDelivery(Guid WorkspaceId, Guid Id, Guid EventId, int Attempt, string Url, string ProtectedSecret, string Body, Guid WebhookId);

/// <summary>What one instance is sending right now, per workspace and per webhook (snapshots, for a claim).</summary>
public sealed record InFlight(Dictionary<Guid, int> Workspaces, Dictionary<Guid, int> Webhooks);

/// <summary>
/// Claiming and settling deliveries. A claim is one statement: due pending rows are locked with SKIP LOCKED (so two
/// dispatchers never take the same row), counted as an attempt and leased by moving their next attempt past the lease.
/// A dispatcher that dies mid-send leaves the lease to run out, and the delivery is sent again: at least once.
/// </summary>
public static class DeliveryStore
{
    /// <summary>
    /// Claims up to <paramref name="slots"/> due deliveries, fairly: at most <paramref name="perWorkspace"/> per workspace and
    /// <paramref name="perWebhook"/> per webhook counting what this instance already sends (<paramref name="busy"/>), and
    /// round robin across workspaces (every workspace's first due delivery before any workspace's second), oldest first.
    /// </summary>
    public static async Task<List<ClaimedDelivery>> ClaimAsync(
        NpgsqlDataSource database, DateTimeOffset now, DateTimeOffset leasedUntil, int slots, int perWorkspace, int perWebhook,
        InFlight busy, CancellationToken ct)
    {
        await using var command = Sql.Command(database, """
            WITH candidates AS (
                SELECT d.workspace_id, d.id, d.next_attempt_at,
                       row_number() OVER (PARTITION BY d.workspace_id ORDER BY d.next_attempt_at, d.id) + coalesce(bw.n, 0) AS workspace_rank,
                       row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.next_attempt_at, d.id) + coalesce(bh.n, 0) AS webhook_rank
                FROM webhook_deliveries d
                LEFT JOIN unnest($4::uuid[], $5::int[]) AS bw(workspace_id, n) ON bw.workspace_id = d.workspace_id
                LEFT JOIN unnest($6::uuid[], $7::int[]) AS bh(webhook_id, n) ON bh.webhook_id = d.webhook_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= $1),
            -- Status and due time again on the locked row: a row another claim settled meanwhile is re-read here, not in candidates.
            due AS (
                SELECT d.workspace_id, d.id FROM webhook_deliveries d
                JOIN candidates c ON c.workspace_id = d.workspace_id AND c.id = d.id
                WHERE c.workspace_rank <= $8 AND c.webhook_rank <= $9 AND d.status = 'pending' AND d.next_attempt_at <= $1
                ORDER BY c.workspace_rank, c.next_attempt_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
            FROM due, webhooks w, webhook_events e
            WHERE d.workspace_id = due.workspace_id AND d.id = due.id
              AND w.workspace_id = d.workspace_id AND w.id = d.webhook_id AND e.workspace_id = d.workspace_id AND e.id = d.event_id
            RETURNING d.workspace_id, d.id, d.event_id, d.attempts, w.url, w.secret, e.body, d.webhook_id
            """, now, leasedUntil, slots, busy.Workspaces.Keys.ToArray(), busy.Workspaces.Values.ToArray(),
            busy.Webhooks.Keys.ToArray(), busy.Webhooks.Values.ToArray(), perWorkspace, perWebhook);
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetGuid(7)));
        }

        return claimed;
    }

    /// <summary>
    /// Records an attempt's result: succeeded, retried at <paramref name="nextAttemptAt"/>, or failed when that is null.
    /// Only the claim that made this attempt may settle it (a later claim after an expired lease counts another attempt).
    /// </summary>
    public static async Task SettleAsync(
        NpgsqlDataSource database, ClaimedDelivery delivery, bool succeeded, int? responseStatus, DateTimeOffset? nextAttemptAt, CancellationToken ct)
    {
        var status = succeeded ? "succeeded" : nextAttemptAt is null ? "failed" : "pending";
        await using var command = Sql.Command(database, """
            UPDATE webhook_deliveries SET status = $3, last_response_status = $4, next_attempt_at = $5
            WHERE workspace_id = $1 AND id = $2 AND attempts = $6 AND status = 'pending'
            """, delivery.WorkspaceId, delivery.Id, status, responseStatus, succeeded ? null : nextAttemptAt, delivery.Attempt);
        await command.ExecuteNonQueryAsync(ct);
    }
}
