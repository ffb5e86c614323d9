using CreditLedger.Api.Infrastructure.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Auth;

/// <summary>
/// A workspace key forbidden on a route of another workspace gets 404, as on every other route of that workspace:
/// a 403 would reveal that the workspace exists. A path no route matches (an unknown route, <c>/</c>, <c>favicon.ico</c>)
/// is 404 with or without a key: there is nothing there to authorize. Every other outcome is the framework's (401, 403
/// through the scheme).
/// </summary>
internal sealed class HiddenWorkspaceResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Succeeded && context.GetEndpoint() is null)
        {
            await Problems.NotFound($"No route {context.Request.Method} {context.Request.Path} in this API; see /swagger.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden
            && context.Features.Get<Caller>() is { } caller
            && context.Request.RouteValues["workspaceId"] is string raw
            && Guid.TryParse(raw, out var workspaceId)
            && !caller.CanAccess(workspaceId))
        {
            await Problems.NotFound("No such workspace.").ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden && context.Features.Get<Caller>() is { IsAdmin: false } scoped
            && context.GetEndpoint()?.Metadata.GetMetadata<RequiresScopeAttribute>() is { } needs && !scoped.HasScope(needs.Scope)
            && context.GetEndpoint()?.Metadata.GetMetadata<AdminOnlyAttribute>() is null)
        {
            await Problems.Forbidden($"This API key does not hold the '{needs.Scope}' scope this route needs.").ExecuteAsync(context);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
