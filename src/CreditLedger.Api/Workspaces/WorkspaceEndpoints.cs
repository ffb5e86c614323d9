using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Infrastructure.Json;
using CreditLedger.Api.Ledger;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CreditLedger.Api.Workspaces;

public static class WorkspaceEndpoints
{
    public static void MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/v1/workspaces").WithTags("Workspaces").RequireAdmin();
        admin.MapPost("/", CreateWorkspace).Validate<CreateWorkspaceRequest>()
            .WithSummary("Create a workspace with its plan; the first cycle's allowance is granted at once.");
        admin.MapGet("/", ListWorkspaces).WithSummary("List all workspaces.");

        var workspace = app.MapGroup("/v1/workspaces/{workspaceId:guid}").WithTags("Workspaces").RequireWorkspaceAccess();
        workspace.MapGet("/", GetWorkspace).RequireScope(Scopes.ReportsRead).WithSummary("Get a workspace, its plan and its current billing cycle.");
        workspace.MapPut("/plan", ChangePlan).RequireAdmin().Validate<PlanRequest>()
            .WithSummary("Change the plan; a raise mid-cycle grants the difference for the rest of this cycle.");
    }

    public static async Task<Created<WorkspaceResponse>> CreateWorkspace(
        CreateWorkspaceRequest request, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var workspace = new Workspace
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            TimeZone = request.TimeZone ?? "UTC",
            PlanName = request.Plan!.Name!.Trim(),
            PlanActions = request.Plan.ActionsPerCycle!.Value,
            PlanDataCredits = request.Plan.DataCreditsPerCycle!.Value,
            CreatedAt = session.Now,
        };
        await using (var insert = Sql.Command(session.Connection,
            "INSERT INTO workspaces (id, name, time_zone, plan_name, plan_actions, plan_data_credits, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            workspace.Id, workspace.Name, workspace.TimeZone, workspace.PlanName, workspace.PlanActions, workspace.PlanDataCredits, workspace.CreatedAt))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        session.Open(workspace.Id, workspace.CreatedAt, workspace.PlanActions, workspace.PlanDataCredits);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/v1/workspaces/{workspace.Id}", workspace.ToResponse(session.Now));
    }

    public static async Task<Ok<ItemsResponse<WorkspaceResponse>>> ListWorkspaces(LedgerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var workspaces = await db.Workspaces.OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new ItemsResponse<WorkspaceResponse>(workspaces.Select(w => w.ToResponse(now)).ToList()));
    }

    public static async Task<Ok<WorkspaceResponse>> GetWorkspace(Guid workspaceId, LedgerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var workspace = await db.Workspaces.SingleAsync(w => w.Id == workspaceId, ct);
        return TypedResults.Ok(workspace.ToResponse(clock.GetUtcNow()));
    }

    /// <summary>Changes the plan under the workspace's lock; the answer is built from the row as updated, in the same transaction.</summary>
    public static async Task<Ok<WorkspaceResponse>> ChangePlan(
        Guid workspaceId, PlanRequest request, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        book.ChangePlan(request.ActionsPerCycle!.Value, request.DataCreditsPerCycle!.Value);
        Workspace workspace;
        await using (var update = Sql.Command(session.Connection, """
            UPDATE workspaces SET plan_name = $2, plan_actions = $3, plan_data_credits = $4 WHERE id = $1
            RETURNING name, time_zone, created_at
            """, workspaceId, request.Name!.Trim(), book.PlanActions, book.PlanDataCredits))
        await using (var reader = await update.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            workspace = new Workspace
            {
                Id = workspaceId, Name = reader.GetString(0), TimeZone = reader.GetString(1), CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                PlanName = request.Name.Trim(), PlanActions = book.PlanActions, PlanDataCredits = book.PlanDataCredits,
            };
        }

        await session.CommitAsync(ct);
        return TypedResults.Ok(workspace.ToResponse(book.Now));
    }
}
