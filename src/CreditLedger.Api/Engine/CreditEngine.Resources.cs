using CreditLedger.Api.Engine.Limits;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Engine;

public sealed partial class CreditEngine
{
    /// <summary>
    /// Creates a resource, or renames, re-kinds or moves it, under the workspace's lock (<see cref="ResourceChecks"/>); a
    /// move or a change of kind re-counts the spend limits the tree carries. Done is created (true) or changed (false).
    /// </summary>
    public async Task<EngineResult<ResourceRow>> PutResourceAsync(PutResource command, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, command.WorkspaceId, ct);
        if (!locked.Exists)
        {
            return Refusal.UnknownWorkspace;
        }

        var connection = locked.Connection;

        var existing = await ResourceStore.FindAsync(connection, command.WorkspaceId, command.ResourceId, ct);
        if (await ResourceChecks.RefuseAsync(connection, command, existing, ct) is { } refusal)
        {
            return refusal;
        }

        var row = new ResourceRow(command.ResourceId, command.Kind, command.Name, command.ParentId, command.OwnerUserId, default, null);
        var createdAt = await ResourceStore.UpsertAsync(connection, command.WorkspaceId, row, clock.GetUtcNow(), ct);
        if (existing is not null && (existing.ParentId != row.ParentId || existing.Kind != row.Kind))
        {
            await SpendRecount.AfterTreeChangeAsync(connection, command.WorkspaceId, clock, ct);
        }

        await locked.CommitAsync(ct);
        return new EngineResult<ResourceRow>.Done(row with { CreatedAt = createdAt }, Created: existing is null);
    }

    /// <summary>Marks a resource deleted (its usage stays in reports); refused while it has live children.</summary>
    public async Task<EngineResult<bool>> DeleteResourceAsync(DeleteResource command, CancellationToken ct)
    {
        await using var locked = await WorkspaceLock.AcquireAsync(database, command.WorkspaceId, ct);
        if (!locked.Exists)
        {
            return Refusal.UnknownWorkspace;
        }

        var connection = locked.Connection;

        if (await ResourceStore.FindAsync(connection, command.WorkspaceId, command.ResourceId, ct) is null)
        {
            return Refusal.Missing($"No resource '{command.ResourceId}' in this workspace.");
        }

        if ((await ResourceStore.LiveChildKindsAsync(connection, command.WorkspaceId, command.ResourceId, ct)).Count > 0)
        {
            return Refusal.Conflict($"Resource '{command.ResourceId}' has live children; delete or move them first.");
        }

        await ResourceStore.MarkDeletedAsync(connection, command.WorkspaceId, command.ResourceId, clock.GetUtcNow(), ct);
        await locked.CommitAsync(ct);
        return new EngineResult<bool>.Done(true, Created: false);
    }

    /// <summary>Every resource of the workspace, deleted ones included.</summary>
    public Task<List<ResourceRow>> ListResourcesAsync(Guid workspaceId, CancellationToken ct) => ResourceStore.LoadAllAsync(database, workspaceId, ct);

    public async Task<ResourceRow?> FindResourceAsync(Guid workspaceId, string resourceId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await ResourceStore.FindAsync(connection, workspaceId, resourceId, ct);
    }
}
