using CreditLedger.Api.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CreditLedger.Api.Auth;

/// <summary>
/// Resolves the caller of every API route from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>:
/// the configured admin key, or an unrevoked workspace key looked up by its hash. Anything else is 401.
/// Failed attempts are limited per client address (<see cref="AuthFailureLimiter"/>): past the limit the address
/// gets 429 without any lookup, so guessing keys or flooding with unknown ones costs the database nothing.
/// </summary>
internal sealed class ApiKeyAuthentication(
    RequestDelegate next, IOptions<LedgerOptions> options, NpgsqlDataSource database, ApiKeyCache cache, AuthFailureLimiter failures)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsApiPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        if (failures.IsBlocked(address, out var retryAfter))
        {
            await failures.RejectAsync(context, retryAfter);
            return;
        }

        var presented = PresentedKey(context.Request);
        var caller = presented is null ? null : await ResolveAsync(presented, context.RequestAborted);
        if (caller is null)
        {
            failures.Record(address);
            await Results.Problem(
                presented is null ? "Send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'." : "The API key is unknown or revoked.",
                statusCode: 401, title: "Unauthorized", type: ProblemTypes.Unauthorized).ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }

    internal static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v3", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(TelemetrySetup.MetricsPath, StringComparison.OrdinalIgnoreCase);

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return NullIfEmpty(authorization["Bearer ".Length..].Trim());
        }

        return NullIfEmpty(request.Headers["X-Api-Key"].ToString().Trim());
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

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

        await using var command = database.CreateCommand(
            "SELECT workspace_id, id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = hash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            cache.Add(cacheKey, ApiKeyCache.Unknown);
            return null;
        }

        var caller = new Caller(false, reader.GetGuid(0), reader.GetGuid(1));
        cache.Add(cacheKey, caller);
        return caller;
    }
}
