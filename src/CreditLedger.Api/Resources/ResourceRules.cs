using Microsoft.AspNetCore.Http.HttpResults;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Resources;

/// <summary>The checks a PUT must pass, read under the workspace lock: parent, owner, depth, kinds of parent and children, loops.</summary>
internal static class ResourceRules
{
    public static async Task<ValidationProblem?> ProblemAsync(
        NpgsqlConnection connection, Guid workspaceId, string id, ResourceKind kind, PutResourceRequest request, ResourceRow? existing,
        CancellationToken ct)
    {
        ResourceKind? parentKind = null;
        Dictionary<string, string?> ancestry = [];
        if (request.ParentId is { } parentId)
        {
            var parent = await ResourceStore.FindAsync(connection, workspaceId, parentId, ct);
            if (parent is null || parent.IsDeleted)
            {
                return Problems.Validation("parentId", $"No live resource '{parentId}' in this workspace.");
            }

            parentKind = parent.Kind;
            ancestry = await ResourceStore.AncestryAsync(connection, workspaceId, parentId, ct);
        }

        if (ResourceTree.ParentProblem(kind, parentKind) is { } kindProblem)
        {
            return Problems.Validation("parentId", kindProblem);
        }

        if (request.OwnerUserId is { } owner && !await ResourceStore.UserExistsAsync(connection, workspaceId, owner, ct))
        {
            return Problems.Validation("ownerUserId", "No such user in this workspace.");
        }

        var levelsBelow = existing is null ? 0 : await ResourceStore.LevelsBelowAsync(connection, workspaceId, id, ResourceTree.MaxDepth, ct);
        if (ResourceTree.DepthProblem(ancestry.Count, levelsBelow) is { } depthProblem)
        {
            return Problems.Validation("parentId", depthProblem);
        }

        if (existing is null)
        {
            return null;
        }

        foreach (var childKind in await ResourceStore.LiveChildKindsAsync(connection, workspaceId, id, ct))
        {
            if (ResourceTree.ParentProblem(childKind, kind) is { } childProblem)
            {
                return Problems.Validation("kind", $"Its live children would break the tree: {childProblem}");
            }
        }

        if (request.ParentId is { } newParent)
        {
            if (ResourceTree.WouldLoop(id, newParent, p => ancestry.GetValueOrDefault(p), ancestry.Count))
            {
                return Problems.Validation("parentId", $"Moving '{id}' under '{newParent}' would make a loop.");
            }
        }

        return null;
    }
}
