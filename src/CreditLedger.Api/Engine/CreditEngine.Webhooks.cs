using CreditLedger.Api.Outbox;
using CreditLedger.Rules;

namespace CreditLedger.Api.Engine;

/// <summary>A webhook to add: its address (already judged by the URL guard) and its secret as the key ring protects it.</summary>
public sealed record AddWebhook(Guid WorkspaceId, string Url, IReadOnlyList<string> Events, string? Description, string ProtectedSecret, int MaxPerWorkspace);

public sealed partial class CreditEngine
{
    /// <summary>
    /// Adds a webhook under the workspace's lock (so concurrent adds cannot pass the cap together) and refreshes the
    /// event types the ledger writes for this workspace.
    /// </summary>
    public async Task<EngineResult<WebhookResponse>> AddWebhookAsync(AddWebhook command, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, command.WorkspaceId, ct);
        if (!locked.Exists)
        {
            return Refusal.UnknownWorkspace;
        }

        var connection = locked.Connection;

        if (await WebhookStore.CountAsync(connection, command.WorkspaceId, ct) >= command.MaxPerWorkspace)
        {
            return Refusal.Conflict($"A workspace may have at most {command.MaxPerWorkspace} webhooks; delete one first.");
        }

        var webhook = new WebhookResponse(Uuid7.Next(), command.Url, command.Events, command.Description, clock.GetUtcNow());
        await WebhookStore.InsertAsync(connection, command.WorkspaceId, webhook, command.ProtectedSecret, ct);
        await locked.CommitAsync(ct);
        return new EngineResult<WebhookResponse>.Done(webhook);
    }

    public async Task<EngineResult<bool>> DeleteWebhookAsync(Guid workspaceId, Guid webhookId, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, workspaceId, ct);
        if (!await WebhookStore.DeleteAsync(locked.Connection, workspaceId, webhookId, ct))
        {
            return Refusal.Missing("No such webhook in this workspace.");
        }

        await locked.CommitAsync(ct);
        return new EngineResult<bool>.Done(true, Created: false);
    }

    public Task<List<WebhookResponse>> ListWebhooksAsync(Guid workspaceId, CancellationToken ct) => WebhookStore.ListAsync(database, workspaceId, ct);

    /// <summary>Up to <paramref name="limit"/> deliveries of a webhook after the cursor, newest first; null for no such webhook.</summary>
    public async Task<List<DeliveryResponse>?> DeliveriesAsync(
        Guid workspaceId, Guid webhookId, (DateTimeOffset CreatedAt, Guid Id)? after, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await WebhookStore.ExistsAsync(connection, workspaceId, webhookId, ct)
            ? await WebhookStore.DeliveriesAsync(connection, workspaceId, webhookId, after, limit, ct)
            : null;
    }

    /// <summary>Queues a <c>ping</c> event for one webhook through the outbox; refused for no such webhook.</summary>
    public async Task<EngineResult<Guid>> PingWebhookAsync(Guid workspaceId, Guid webhookId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await WebhookStore.ExistsAsync(connection, workspaceId, webhookId, ct))
        {
            return Refusal.Missing("No such webhook in this workspace.");
        }

        var ping = OutboxEvent.Create(workspaceId, EventTypes.Ping, clock.GetUtcNow(), new PingData(webhookId), onlyWebhookId: webhookId);
        await OutboxWriter.WriteAsync(connection, [ping], ct);
        await transaction.CommitAsync(ct);
        return new EngineResult<Guid>.Done(ping.Id);
    }
}
