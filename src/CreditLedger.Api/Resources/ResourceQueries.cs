using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CreditLedger.Api.Resources;

public static class ResourceQueries
{
    public static async Task<Results<Ok<ItemsResponse<ResourceResponse>>, ValidationProblem>> ListResources(
        Guid workspaceId, string? kind, string? parentId, Guid? ownerUserId, bool? includeDeleted, NpgsqlDataSource database, CancellationToken ct)
    {
        if (kind is not null && !ResourceTree.TryParseKind(kind, out _))
        {
            return Problems.Validation("kind", "Must be one of: " + string.Join(", ", ResourceTree.KindNames) + ".");
        }

        if (parentId is not null && !ResourceTree.IsValidId(parentId))
        {
            return Problems.Validation("parentId", ResourceTree.IdRule);
        }

        var rows = (await ResourceStore.LoadAllAsync(database, workspaceId, ct))
            .Where(r => (includeDeleted == true || !r.IsDeleted) && (kind is null || r.Kind.ToWire() == kind)
                && (parentId is null || r.ParentId == parentId) && (ownerUserId is null || r.OwnerUserId == ownerUserId));
        return TypedResults.Ok(new ItemsResponse<ResourceResponse>(rows.Select(r => r.ToResponse()).ToList()));
    }

    public static async Task<Results<Ok<ResourceResponse>, ValidationProblem, ProblemHttpResult>> GetResource(
        Guid workspaceId, string resourceId, NpgsqlDataSource database, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return await ResourceStore.FindAsync(connection, workspaceId, resourceId, ct) is { } row
            ? TypedResults.Ok(row.ToResponse())
            : Problems.NotFound($"No resource '{resourceId}' in this workspace.");
    }
}
