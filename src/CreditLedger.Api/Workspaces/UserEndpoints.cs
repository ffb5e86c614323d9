using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Workspaces;

public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/v1/workspaces/{workspaceId:guid}/users").WithTags("Users").RequireWorkspaceAccess();
        users.MapPost("/", CreateUser).WithName("createUser").RequireScope(Scopes.Manage).Validate<CreateUserRequest>()
            .WithSummary("Add a user (owner) to the workspace; emails are unique per workspace, ignoring case.");
        users.MapGet("/", ListUsers).WithName("listUsers").RequireScope(Scopes.ReportsRead).WithSummary("List the workspace's users.");
    }

    public static async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateUser(
        Guid workspaceId, CreateUserRequest request, AdminDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var user = new User
        {
            WorkspaceId = workspaceId,
            Id = Uuid7.Next(),
            Email = request.Email!.Trim(),
            Name = request.Name!.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        if (!await UserRows.TryAddAsync(db, user, ct))
        {
            return Problems.Conflict($"A user with email '{user.Email}' already exists in this workspace.");
        }

        return TypedResults.Created($"/v1/workspaces/{workspaceId}/users/{user.Id}", user.ToResponse());
    }

    public static async Task<Results<Ok<ItemsResponse<UserResponse>>, ValidationProblem>> ListUsers(
        Guid workspaceId, [AsParameters] PageParameters page, AdminDbContext db, CancellationToken ct)
    {
        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var users = await db.Users.AsNoTracking().Where(u => u.WorkspaceId == workspaceId).ToListAsync(ct);
        var listed = Paging.Page(users, u => Paging.CreatedKey(u.CreatedAt, u.Id), limit, after);
        return TypedResults.Ok(new ItemsResponse<UserResponse>([.. listed.Items.Select(u => u.ToResponse())], listed.NextCursor));
    }
}
