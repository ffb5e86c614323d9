using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Engine.Resources;

/// <summary>
/// What a resource's create or move must pass, read under the workspace's lock, in this order: the parent is live and may
/// hold this kind, the owner is the workspace's user, the tree stays within <see cref="ResourceTree.MaxDepth"/>, its
/// live children may sit under the new kind, and a move makes no loop.
/// </summary>
public static class ResourceChecks
{
    public static async Task<Refusal?> RefuseAsync(NpgsqlConnection connection, PutResource command, ResourceRow? existing, CancellationToken ct)
    {
        var (workspaceId, id) = (command.WorkspaceId, command.ResourceId);
        ResourceKind? parentKind = null;
        Dictionary<string, string?> ancestry = [];
        if (command.ParentId is { } parentId)
        {
            var parent = await ResourceStore.FindAsync(connection, workspaceId, parentId, ct);
            if (parent is null || parent.IsDeleted)
            {
                return Refusal.TreeRule("parentId", $"No live resource '{parentId}' in this workspace.");
            }

            parentKind = parent.Kind;
            ancestry = await ResourceStore.AncestryAsync(connection, workspaceId, parentId, ct);
        }

        if (ResourceTree.ParentProblem(command.Kind, parentKind) is { } kindProblem)
        {
            return Refusal.TreeRule("parentId", kindProblem);
        }

        if (command.OwnerUserId is { } owner && !await ResourceStore.UserExistsAsync(connection, workspaceId, owner, ct))
        {
            return Refusal.UnknownUser("ownerUserId");
        }

        var levelsBelow = existing is null ? 0 : await ResourceStore.LevelsBelowAsync(connection, workspaceId, id, ResourceTree.MaxDepth, ct);
        if (ResourceTree.DepthProblem(ancestry.Count, levelsBelow) is { } depthProblem)
        {
            return Refusal.TreeRule("parentId", depthProblem);
        }

        if (existing is null)
        {
            return null;
        }

        foreach (var childKind in await ResourceStore.LiveChildKindsAsync(connection, workspaceId, id, ct))
        {
            if (ResourceTree.ParentProblem(childKind, command.Kind) is { } childProblem)
            {
                return Refusal.TreeRule("kind", $"Its live children would break the tree: {childProblem}");
            }
        }

        return command.ParentId is { } newParent && ResourceTree.WouldLoop(id, newParent, p => ancestry.GetValueOrDefault(p), ancestry.Count)
            ? Refusal.TreeRule("parentId", $"Moving '{id}' under '{newParent}' would make a loop.")
            : null;
    }
}
