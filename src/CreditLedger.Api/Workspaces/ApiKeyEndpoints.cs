using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Workspaces;

public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/v1/workspaces/{workspaceId:guid}/api-keys")
            .WithTags("API keys").RequireWorkspaceAccess().RequireAdmin();
        keys.MapPost("/", CreateApiKey).WithName("createApiKey").Validate<CreateApiKeyRequest>()
            .WithSummary("Mint a workspace API key. The key is shown once; only its hash is stored.");
        keys.MapGet("/", ListApiKeys).WithName("listApiKeys").WithSummary("The workspace's keys with their scopes and when each was last used (never the key itself).");
        keys.MapDelete("/{keyId:guid}", RevokeApiKey).WithName("revokeApiKey").WithSummary("Revoke a key; it is refused from the next request on.");
    }

    public static async Task<Created<ApiKeyResponse>> CreateApiKey(
        Guid workspaceId, CreateApiKeyRequest request, AdminDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (key, prefix, hash) = ApiKeys.Mint();
        var apiKey = new ApiKey
        {
            WorkspaceId = workspaceId,
            Id = Uuid7.Next(),
            Name = request.Name!.Trim(),
            Prefix = prefix,
            KeyHash = hash,
            CreatedAt = clock.GetUtcNow(),
            Scopes = Scopes.All.Where(s => request.Scopes is null || request.Scopes.Contains(s)).ToArray(),
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/v1/workspaces/{workspaceId}/api-keys/{apiKey.Id}",
            new ApiKeyResponse(apiKey.Id, apiKey.Name, key, prefix, apiKey.Scopes, apiKey.CreatedAt));
    }

    public static async Task<Results<Ok<ItemsResponse<ApiKeySummary>>, ValidationProblem>> ListApiKeys(
        Guid workspaceId, [AsParameters] PageParameters page, AdminDbContext db, ApiKeyUsage usage, CancellationToken ct)
    {
        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == workspaceId).ToListAsync(ct);
        var listed = Paging.Page(keys, k => Paging.CreatedKey(k.CreatedAt, k.Id), limit, after);
        return TypedResults.Ok(new ItemsResponse<ApiKeySummary>([.. listed.Items.Select(k => new ApiKeySummary(
            k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.RevokedAt, Latest(k.LastUsedAt, usage.LastSeen(k.Id))))], listed.NextCursor));
    }

    /// <summary>The stored time, or what this instance saw since it last wrote it (writes are at most once a minute).</summary>
    private static DateTimeOffset? Latest(DateTimeOffset? stored, DateTimeOffset? seen) =>
        stored is null ? seen : seen is null ? stored : stored > seen ? stored : seen;

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        Guid workspaceId, Guid keyId, AdminDbContext db, ApiKeyCache cache, TimeProvider clock, CancellationToken ct)
    {
        var revoked = await ApiKeyRows.RevokeAsync(db, workspaceId, keyId, clock.GetUtcNow(), ct);
        cache.Evict(keyId);
        return revoked ? TypedResults.NoContent() : Problems.NotFound("No such API key in this workspace.");
    }
}
