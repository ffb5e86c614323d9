using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using Npgsql;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Auth;

public static class AccessFilters
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> KnownWorkspaces = new();

    /// <summary>Admin-only routes: the admin policy (a workspace key gets 403, before any validation).</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdminOnlyAttribute()).RequireAuthorization(AuthSetup.AdminPolicy);

    /// <summary>
    /// Routes under /v1/workspaces/{workspaceId}: another workspace's key gets 404 (existence is not revealed),
    /// and so does the admin for a workspace that does not exist.
    /// </summary>
    public static RouteGroupBuilder RequireWorkspaceAccess(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.RouteValues["workspaceId"] is not string raw || !Guid.TryParse(raw, out var workspaceId))
            {
                return NoSuchWorkspace();
            }

            var caller = http.GetCaller();
            if (!caller.CanAccess(workspaceId))
            {
                return NoSuchWorkspace();
            }

            if (caller.IsAdmin && !KnownWorkspaces.ContainsKey(workspaceId))
            {
                var database = http.RequestServices.GetRequiredService<NpgsqlDataSource>();
                if (!await WorkspaceRows.ExistsAsync(database, workspaceId, http.RequestAborted))
                {
                    return NoSuchWorkspace();
                }

                // Workspaces are never deleted, so once seen a workspace id needs no further lookup.
                KnownWorkspaces.TryAdd(workspaceId, 0);
            }

            return await next(context);
        });

    /// <summary>Made only when refused: a problem result carries a dictionary, and most requests are let through.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NoSuchWorkspace() => Problems.NotFound("No such workspace.");
}
