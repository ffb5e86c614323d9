using Microsoft.AspNetCore.Authorization;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Authentication (the API-key scheme) and authorization policies: every endpoint needs an authenticated caller unless
/// it allows anonymous access (health, Swagger and the dashboard's files are outside); <see cref="AdminPolicy"/> needs the
/// admin key. Whether a workspace key may see a workspace's routes is a 404, not a 403, so it stays a route-group check
/// (<see cref="AccessFilters.RequireWorkspaceAccess"/>).
/// </summary>
public static class AuthSetup
{
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(ApiKeyAuthenticationHandler.AdminRole));
        foreach (var scope in Scopes.All)
        {
            authorization.AddPolicy(scope, policy => policy.RequireAuthenticatedUser()
                .RequireAssertion(c => c.User.IsInRole(ApiKeyAuthenticationHandler.AdminRole) || c.User.HasClaim(Scopes.ClaimType, scope)));
        }

        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, HiddenWorkspaceResultHandler>();
        return services;
    }
}
