using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CreditLedger.Api.Resources;

/// <summary>Folders, workbooks and tables: where usage ran. Changes take the workspace lock (see <see cref="WorkspaceLock"/>).</summary>
public static class ResourceEndpoints
{
    public static void MapResourceEndpoints(this IEndpointRouteBuilder app)
    {
        var resources = app.MapGroup("/v1/workspaces/{workspaceId:guid}/resources").WithTags("Resources").RequireWorkspaceAccess();
        // Ids are the client's own; one that breaks the id rule is a 400 on every route that names one.
        resources.AddEndpointFilter(static (context, next) =>
            context.HttpContext.Request.RouteValues["resourceId"] is string id && !ResourceTree.IsValidId(id)
                ? ValueTask.FromResult<object?>(Problems.Validation("resourceId", ResourceTree.IdRule))
                : next(context));
        resources.MapPut("/{resourceId}", PutResource).RequireScope(Scopes.Manage).Validate<PutResourceRequest>()
            .Produces<ResourceResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create or update a folder, workbook or table (kind and parent rules; a move that makes a loop is 400).");
        resources.MapGet("/", ResourceQueries.ListResources).RequireScope(Scopes.ReportsRead)
            .WithSummary("List live resources; ?kind, ?parentId, ?ownerUserId filter, ?includeDeleted=true adds deleted ones.");
        resources.MapGet("/{resourceId}", ResourceQueries.GetResource).RequireScope(Scopes.ReportsRead)
            .WithSummary("One resource (deleted ones too, with isDeleted).");
        resources.MapDelete("/{resourceId}", DeleteResource).RequireScope(Scopes.Manage).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Mark a resource deleted; its usage stays in reports. Refused while it has live children.");
    }

    public static async Task<Results<Created<ResourceResponse>, Ok<ResourceResponse>, ValidationProblem, ProblemHttpResult>> PutResource(
        Guid workspaceId, string resourceId, PutResourceRequest request, NpgsqlDataSource database, TimeProvider clock, CancellationToken ct)
    {
        var kind = ResourceTree.ParseKind(request.Kind!);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await WorkspaceLock.AcquireAsync(connection, workspaceId, ct))
        {
            return Problems.NotFound("No such workspace.");
        }

        var existing = await ResourceStore.FindAsync(connection, workspaceId, resourceId, ct);
        if (await ResourceRules.ProblemAsync(connection, workspaceId, resourceId, kind, request, existing, ct) is { } problem)
        {
            return problem;
        }

        var row = new ResourceRow(resourceId, kind, request.Name!.Trim(), request.ParentId, request.OwnerUserId, default, null);
        var createdAt = await ResourceStore.UpsertAsync(connection, workspaceId, row, clock.GetUtcNow(), ct);
        if (existing is not null && (existing.ParentId != row.ParentId || existing.Kind != row.Kind))
        {
            await SpendRecount.AfterTreeChangeAsync(connection, workspaceId, clock, ct);
        }

        await transaction.CommitAsync(ct);
        var response = (row with { CreatedAt = createdAt }).ToResponse();
        return existing is null
            ? TypedResults.Created($"/v1/workspaces/{workspaceId}/resources/{resourceId}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteResource(
        Guid workspaceId, string resourceId, NpgsqlDataSource database, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await WorkspaceLock.AcquireAsync(connection, workspaceId, ct);
        if (await ResourceStore.FindAsync(connection, workspaceId, resourceId, ct) is null)
        {
            return Problems.NotFound($"No resource '{resourceId}' in this workspace.");
        }

        if ((await ResourceStore.LiveChildKindsAsync(connection, workspaceId, resourceId, ct)).Count > 0)
        {
            return Problems.Conflict($"Resource '{resourceId}' has live children; delete or move them first.");
        }

        await ResourceStore.MarkDeletedAsync(connection, workspaceId, resourceId, clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    public static ResourceResponse ToResponse(this ResourceRow row) =>
        new(row.Id, row.Kind.ToWire(), row.Name, row.ParentId, row.OwnerUserId, row.IsDeleted, row.CreatedAt);
}
