using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;


namespace CreditLedger.Api.Workspaces;

public static class WorkspaceEndpoints
{
    public static void MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/workspaces").WithTags("Workspaces").RequireAdmin();
        admin.MapPost("/", CreateWorkspace).WithName("createWorkspace").Validate<CreateWorkspaceRequest>()
            .WithSummary("Create a workspace with its plan; the first cycle's allowance is granted at once.");
        admin.MapGet("/", ListWorkspaces).WithName("listWorkspaces").WithSummary("List all workspaces.");

        var workspace = app.MapGroup("/v1/workspaces/{workspaceId:guid}").WithTags("Workspaces").RequireWorkspaceAccess();
        workspace.MapGet("/", GetWorkspace).WithName("getWorkspace").RequireScope(Scopes.ReportsRead).WithSummary("Get a workspace, its plan and its current billing cycle.");
        workspace.MapPut("/plan", ChangePlan).WithName("changePlan").RequireAdmin().Validate<PlanRequest>().Produces<WorkspaceResponse>()
            .WithSummary("Change the plan; a raise mid-cycle grants the difference for the rest of this cycle.");
    }

    public static async Task<Created<WorkspaceResponse>> CreateWorkspace(CreateWorkspaceRequest request, CreditEngine engine, CancellationToken ct)
    {
        var opened = await engine.OpenWorkspaceAsync(new OpenWorkspace(request.Name!.Trim(), request.TimeZone ?? "UTC",
            request.Plan!.Name!.Trim(), request.Plan.ToTerms(), request.BillingAnchor, request.PriceCurrency ?? "USD"), ct);
        return TypedResults.Created($"/v1/workspaces/{opened.Workspace.Id}", opened.Workspace.ToResponse(opened.AsOf));
    }

    /// <summary>Workspaces in creation order, a page at a time; <paramref name="name"/> keeps those whose name contains it (any case).</summary>
    public static async Task<Results<Ok<ItemsResponse<WorkspaceResponse>>, ValidationProblem>> ListWorkspaces(
        [AsParameters] PageParameters page, string? name, AdminDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var workspaces = await db.Workspaces.AsNoTracking().ToListAsync(ct);
        var now = clock.GetUtcNow();
        var named = workspaces.Where(w => string.IsNullOrEmpty(name) || w.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        var listed = Paging.Page(named, w => Paging.CreatedKey(w.CreatedAt, w.Id), limit, after);
        return TypedResults.Ok(new ItemsResponse<WorkspaceResponse>([.. listed.Items.Select(w => w.ToResponse(now))], listed.NextCursor));
    }

    public static async Task<Ok<WorkspaceResponse>> GetWorkspace(Guid workspaceId, AdminDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        return TypedResults.Ok(workspace.ToResponse(clock.GetUtcNow()));
    }

    public static async Task<IResult> ChangePlan(Guid workspaceId, PlanRequest request, CreditEngine engine, CancellationToken ct) =>
        (await engine.ChangePlanAsync(new ChangePlan(workspaceId, request.Name!.Trim(), request.ToTerms()), ct))
            .ToResult((changed, _) => TypedResults.Ok(changed.Workspace.ToResponse(changed.AsOf)));
}
