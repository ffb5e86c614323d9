using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Auth;

/// <summary>Who the presented key belongs to: how the dashboard (or any client) finds its workspace.</summary>
[OpenApiExample("""{"admin":false,"workspaceId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1000","apiKeyId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1002","scopes":["usage:write","reports:read","manage"]}""")]
public sealed record CallerResponse(bool Admin, Guid? WorkspaceId, Guid? ApiKeyId, IReadOnlyList<string> Scopes);

public static class CallerEndpoints
{
    public static void MapCallerEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/me", Me).WithName("getCaller").WithTags("Workspaces")
            .WithSummary("The caller: the admin, or the workspace the key belongs to, and the scopes it holds.");

    public static Ok<CallerResponse> Me(HttpContext context)
    {
        var caller = context.GetCaller();
        return TypedResults.Ok(new CallerResponse(caller.IsAdmin, caller.WorkspaceId, caller.KeyId, caller.Scopes));
    }
}
