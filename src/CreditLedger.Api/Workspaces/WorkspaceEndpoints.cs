using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
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
        var plan = request.Plan!.ToTerms();
        var workspace = new Workspace
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            TimeZone = request.TimeZone ?? "UTC",
            PlanName = request.Plan!.Name!.Trim(),
            PlanActions = plan.Actions,
            PlanDataCredits = plan.DataCredits,
            PlanRolloverActions = plan.RolloverActions,
            PlanRolloverDataCredits = plan.RolloverDataCredits,
            // A workspace moved from another billing system keeps its billing day; only the current cycle is granted.
            BillingAnchor = request.BillingAnchor is { } anchor ? LedgerSession.TruncateToMicroseconds(anchor) : session.Now,
            CreatedAt = session.Now,
        };
        await using (var insert = Sql.Command(session.Connection, """
            INSERT INTO workspaces (id, name, time_zone, plan_name, plan_actions, plan_data_credits, plan_rollover_actions,
                plan_rollover_data_credits, billing_anchor, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """, workspace.Id, workspace.Name, workspace.TimeZone, workspace.PlanName, workspace.PlanActions, workspace.PlanDataCredits,
            workspace.PlanRolloverActions, workspace.PlanRolloverDataCredits, workspace.BillingAnchor, workspace.CreatedAt))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        session.Open(workspace.Id, workspace.BillingAnchor, plan);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/v1/workspaces/{workspace.Id}", workspace.ToResponse(session.Now));
    }

    public static async Task<Ok<ItemsResponse<WorkspaceResponse>>> ListWorkspaces(AdminDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var workspaces = await db.Workspaces.OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new ItemsResponse<WorkspaceResponse>(workspaces.Select(w => w.ToResponse(now)).ToList()));
    }

    public static async Task<Ok<WorkspaceResponse>> GetWorkspace(Guid workspaceId, AdminDbContext db, TimeProvider clock, CancellationToken ct)
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
        var plan = request.ToTerms();
        book.ChangePlan(plan);
        Workspace workspace;
        await using (var update = Sql.Command(session.Connection, """
            UPDATE workspaces SET plan_name = $2, plan_actions = $3, plan_data_credits = $4, plan_rollover_actions = $5,
                plan_rollover_data_credits = $6
            WHERE id = $1
            RETURNING name, time_zone, created_at, billing_anchor
            """, workspaceId, request.Name!.Trim(), plan.Actions, plan.DataCredits, plan.RolloverActions, plan.RolloverDataCredits))
        await using (var reader = await update.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            workspace = new Workspace
            {
                Id = workspaceId, Name = reader.GetString(0), TimeZone = reader.GetString(1), CreatedAt = reader.GetFieldValue<DateTimeOffset>(2),
                BillingAnchor = reader.GetFieldValue<DateTimeOffset>(3), PlanName = request.Name.Trim(), PlanActions = plan.Actions,
                PlanDataCredits = plan.DataCredits, PlanRolloverActions = plan.RolloverActions, PlanRolloverDataCredits = plan.RolloverDataCredits,
            };
        }

        await session.CommitAsync(ct);
        return TypedResults.Ok(workspace.ToResponse(book.Now));
    }
}
