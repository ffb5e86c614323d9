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
    AdminKeyDigest admin, NpgsqlDataSource database, ApiKeyCache cache, AuthFailureLimiter failures, ApiKeyUsage usage)
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

    /// <summary>
    /// The caller's claims: the admin role, or the workspace, the key and its scopes. Each claim names its identity as
    /// it is made, so the identity keeps it instead of copying it.
    /// </summary>
    private static ClaimsPrincipal Principal(Caller caller)
    {
        var identity = new ClaimsIdentity(SchemeName);
        if (caller.IsAdmin)
        {
            Add(identity, ClaimTypes.Role, AdminRole);
            return new ClaimsPrincipal(identity);
        }

        Add(identity, WorkspaceClaim, caller.WorkspaceIdText!);
        Add(identity, KeyClaim, caller.KeyIdText!);
        foreach (var scope in caller.Scopes)
        {
            Add(identity, Scopes.ClaimType, scope);
        }

        return new ClaimsPrincipal(identity);
    }

    private static void Add(ClaimsIdentity identity, string type, string value) =>
        identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));

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
        var hash = ApiKeys.Hash(presented);
        if (admin.Matches(hash))
        {
            return Caller.Admin;
        }

        if (cache.Find(hash) is { } cached)
        {
            return ReferenceEquals(cached, ApiKeyCache.Unknown) ? null : cached;
        }

        var generation = cache.Generation; // read before the database: a revocation after this point drops the Add
        if (await ApiKeyRows.FindLiveAsync(database, hash, cancellationToken) is not var (workspaceId, keyId, scopes))
        {
            cache.Add(hash, ApiKeyCache.Unknown, generation);
            return null;
        }

        var caller = new Caller(false, workspaceId, keyId, scopes);
        cache.Add(hash, caller, generation);
        return caller;
    }
}
