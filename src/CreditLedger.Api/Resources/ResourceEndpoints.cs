using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Resources;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Resources;

/// <summary>Folders, workbooks and tables: where usage ran. Changes are the engine's, under the workspace lock.</summary>
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
        resources.MapPut("/{resourceId}", PutResource).WithName("putResource").RequireScope(Scopes.Manage).Validate<PutResourceRequest>()
            .Produces<ResourceResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Create or update a folder, workbook or table (kind and parent rules; a move that makes a loop is 400).");
        resources.MapGet("/", ListResources).WithName("listResources").RequireScope(Scopes.ReportsRead)
            .WithSummary("List live resources; ?kind, ?parentId, ?ownerUserId filter, ?includeDeleted=true adds deleted ones.");
        resources.MapGet("/{resourceId}", GetResource).WithName("getResource").RequireScope(Scopes.ReportsRead)
            .WithSummary("One resource (deleted ones too, with isDeleted).");
        resources.MapDelete("/{resourceId}", DeleteResource).WithName("deleteResource").RequireScope(Scopes.Manage).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Mark a resource deleted; its usage stays in reports. Refused while it has live children.");
    }

    public static async Task<Results<Created<ResourceResponse>, Ok<ResourceResponse>, ValidationProblem, ProblemHttpResult>> PutResource(
        Guid workspaceId, string resourceId, PutResourceRequest request, CreditEngine engine, CancellationToken ct)
    {
        var command = new PutResource(workspaceId, resourceId, ResourceTree.ParseKind(request.Kind!), request.Name!.Trim(), request.ParentId,
            request.OwnerUserId);
        return await engine.PutResourceAsync(command, ct) switch
        {
            EngineResult<ResourceRow>.Done { Created: true } done =>
                TypedResults.Created($"/v1/workspaces/{workspaceId}/resources/{resourceId}", done.Value.ToResponse()),
            EngineResult<ResourceRow>.Done done => TypedResults.Ok(done.Value.ToResponse()),
            var refused => refused.RefusalOf() is { Field: not null } invalid
                ? invalid.ToValidationResult()
                : refused.RefusalOf().ToProblemResult(),
        };
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteResource(
        Guid workspaceId, string resourceId, CreditEngine engine, CancellationToken ct) =>
        await engine.DeleteResourceAsync(new DeleteResource(workspaceId, resourceId), ct) is EngineResult<bool>.Refused refused
            ? refused.Refusal.ToProblemResult()
            : TypedResults.NoContent();

    public static async Task<Results<Ok<ItemsResponse<ResourceResponse>>, ValidationProblem>> ListResources(
        Guid workspaceId, string? kind, string? parentId, Guid? ownerUserId, bool? includeDeleted, [AsParameters] PageParameters page,
        CreditEngine engine, CancellationToken ct)
    {
        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        if (kind is not null && !ResourceTree.TryParseKind(kind, out _))
        {
            return Problems.Validation("kind", "Must be one of: " + string.Join(", ", ResourceTree.KindNames) + ".");
        }

        if (parentId is not null && !ResourceTree.IsValidId(parentId))
        {
            return Problems.Validation("parentId", ResourceTree.IdRule);
        }

        var rows = (await engine.ListResourcesAsync(workspaceId, ct))
            .Where(r => (includeDeleted == true || !r.IsDeleted) && (kind is null || r.Kind.ToWire() == kind)
                && (parentId is null || r.ParentId == parentId) && (ownerUserId is null || r.OwnerUserId == ownerUserId));
        var listed = Paging.Page(rows, r => Paging.CreatedKey(r.CreatedAt, r.Id), limit, after);
        return TypedResults.Ok(new ItemsResponse<ResourceResponse>([.. listed.Items.Select(r => r.ToResponse())], listed.NextCursor));
    }

    public static async Task<Results<Ok<ResourceResponse>, ValidationProblem, ProblemHttpResult>> GetResource(
        Guid workspaceId, string resourceId, CreditEngine engine, CancellationToken ct) =>
        await engine.FindResourceAsync(workspaceId, resourceId, ct) is { } row
            ? TypedResults.Ok(row.ToResponse())
            : Problems.NotFound($"No resource '{resourceId}' in this workspace.");

    public static ResourceResponse ToResponse(this ResourceRow row) =>
        new(row.Id, row.Kind.ToWire(), row.Name, row.ParentId, row.OwnerUserId, row.IsDeleted, row.CreatedAt);
}
