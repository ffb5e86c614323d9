using CreditLedger.Api.Database;
using Npgsql;

namespace CreditLedger.Api.Outbox;

/// <summary>The webhooks table's SQL. Adding or removing one runs under the workspace lock and refreshes the workspace's
/// subscribed types, which the ledger reads with its lock to decide which events to write.</summary>
public static class WebhookStore
{
    private const string RefreshTypes = """
        UPDATE workspaces SET webhook_event_types =
            ARRAY(SELECT DISTINCT t FROM webhooks w, unnest(w.events) AS t WHERE w.workspace_id = $1 ORDER BY t)
        WHERE id = $1
        """;

    public static async Task<long> CountAsync(NpgsqlConnection connection, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT count(*) FROM webhooks WHERE workspace_id = $1", workspaceId);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task InsertAsync(NpgsqlConnection connection, Guid workspaceId, WebhookResponse webhook, string protectedSecret, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Sql.BatchCommand("INSERT INTO webhooks (workspace_id, id, url, events, description, secret, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    workspaceId, webhook.Id, webhook.Url, webhook.Events.ToArray(), webhook.Description, protectedSecret, webhook.CreatedAt),
                Sql.BatchCommand(RefreshTypes, workspaceId),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Removes a webhook and its deliveries; false when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(NpgsqlConnection connection, Guid workspaceId, Guid webhookId, CancellationToken ct)
    {
        await using var delete = Sql.Command(connection, "DELETE FROM webhooks WHERE workspace_id = $1 AND id = $2", workspaceId, webhookId);
        if (await delete.ExecuteNonQueryAsync(ct) == 0)
        {
            return false;
        }

        await using var refresh = Sql.Command(connection, RefreshTypes, workspaceId);
        await refresh.ExecuteNonQueryAsync(ct);
        return true;
    }

    public static async Task<List<WebhookResponse>> ListAsync(NpgsqlDataSource database, Guid workspaceId, CancellationToken ct)
    {
        await using var command = Sql.Command(database,
            "SELECT id, url, events, description, created_at FROM webhooks WHERE workspace_id = $1 ORDER BY created_at, id", workspaceId);
        var items = new List<WebhookResponse>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new WebhookResponse(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<string[]>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return items;
    }

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, Guid workspaceId, Guid webhookId, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, "SELECT 1 FROM webhooks WHERE workspace_id = $1 AND id = $2", workspaceId, webhookId);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    /// <summary>A page of deliveries, newest first, after the (created_at, id) of <paramref name="after"/>.</summary>
    public static async Task<List<DeliveryResponse>> DeliveriesAsync(
        NpgsqlConnection connection, Guid workspaceId, Guid webhookId, (DateTimeOffset CreatedAt, Guid Id)? after, int limit, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, """
            SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_response_status, d.next_attempt_at, d.created_at
            FROM webhook_deliveries d JOIN webhook_events e ON e.workspace_id = d.workspace_id AND e.id = d.event_id
            WHERE d.workspace_id = $1 AND d.webhook_id = $2 AND ($3::timestamptz IS NULL OR (d.created_at, d.id) < ($3, $4))
            ORDER BY d.created_at DESC, d.id DESC LIMIT $5
            """, workspaceId, webhookId, after?.CreatedAt, after?.Id, limit);
        var items = new List<DeliveryResponse>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            items.Add(new DeliveryResponse(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return items;
    }
}
