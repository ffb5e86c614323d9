using System.Security.Claims;
using System.Text.Encodings.Web;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Auth;

/// <summary>
/// The API-key authentication scheme: <c>Authorization: Bearer</c> or <c>X-Api-Key</c> is the configured admin key,
/// or an unrevoked workspace key looked up by its hash (cached, unknown keys too). The caller is also kept as the
/// <see cref="Caller"/> feature for rate limiting and logs. A challenge is 401, a forbidden one 403, both as
/// problems; an address that used up its failed attempts (<see cref="AuthFailureLimiter"/>) gets 429 before any lookup.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<EdgeOptions> options, NpgsqlDataSource database, ApiKeyCache cache, AuthFailureLimiter failures, ApiKeyUsage usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AdminRole = "admin";
    public const string WorkspaceClaim = "workspace_id";
    public const string KeyClaim = "key_id";

    private const string BlockedItem = "creditledger.auth.blocked";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var address = Context.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (failures.IsBlocked(address))
        {
            Context.Items[BlockedItem] = true;
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        if (PresentedKey(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        if (await ResolveAsync(presented, Context.RequestAborted) is not { } caller)
        {
            failures.Record(address);
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        if (caller.KeyId is { } keyId)
        {
            usage.Seen(keyId);
        }

        Context.Features.Set(caller);
        return AuthenticateResult.Success(new AuthenticationTicket(Principal(caller), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(BlockedItem))
        {
            await failures.RejectAsync(Context);
            return;
        }

        await Problems.Unauthorized(PresentedKey(Request) is null
            ? "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'."
            : "The API key is unknown or revoked.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("This route needs the admin key.").ExecuteAsync(Context);

    private static ClaimsPrincipal Principal(Caller caller)
    {
        List<Claim> claims = caller.IsAdmin
            ? [new(ClaimTypes.Role, AdminRole)]
            : [new(WorkspaceClaim, caller.WorkspaceId.ToString()!), new(KeyClaim, caller.KeyId.ToString()!),
                .. caller.Scopes.Select(s => new Claim(Scopes.ClaimType, s))];
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var key = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : request.Headers["X-Api-Key"].ToString().Trim();
        return key.Length == 0 ? null : key;
    }

    private async Task<Caller?> ResolveAsync(string presented, CancellationToken cancellationToken)
    {
        var adminKey = options.Value.AdminApiKey;
        if (!string.IsNullOrEmpty(adminKey) && ApiKeys.FixedTimeEquals(presented, adminKey))
        {
            return Caller.Admin;
        }

        var hash = ApiKeys.Hash(presented);
        var cacheKey = Convert.ToBase64String(hash);
        if (cache.Find(cacheKey) is { } cached)
        {
            return ReferenceEquals(cached, ApiKeyCache.Unknown) ? null : cached;
        }

        var generation = cache.Generation; // read before the database: a revocation after this point drops the Add
        if (await ApiKeyRows.FindLiveAsync(database, hash, cancellationToken) is not var (workspaceId, keyId, scopes))
        {
            cache.Add(cacheKey, ApiKeyCache.Unknown, generation);
            return null;
        }

        var caller = new Caller(false, workspaceId, keyId, scopes);
        cache.Add(cacheKey, caller, generation);
        return caller;
    }
}
