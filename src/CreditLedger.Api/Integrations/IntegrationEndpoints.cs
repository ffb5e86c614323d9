using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Integrations;

public static class IntegrationEndpoints
{
    public static void MapIntegrationEndpoints(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/v1/integrations").WithTags("Integrations");
        catalog.MapGet("/", ListIntegrations).WithName("listIntegrations").WithSummary("The catalog of data providers and their prices.");
        catalog.MapGet("/{integrationKey}", GetIntegration).WithName("getIntegration").WithSummary("One integration with its services and prices.");
        catalog.MapPut("/{integrationKey}", PutIntegration).WithName("putIntegration").RequireAdmin().Validate<PutIntegrationRequest>()
            .WithSummary("Create or reprice an integration; new prices apply from now on, past charges keep theirs.");

        app.MapGroup("/v1/workspaces/{workspaceId:guid}/integrations").WithTags("Integrations").RequireWorkspaceAccess()
            .MapPut("/{integrationKey}", SetOwnApiKey).WithName("setOwnApiKey").RequireScope(Scopes.Manage).Validate<OwnApiKeyRequest>()
            .WithSummary("Bring your own provider key: the workspace then pays actions only for this integration.");
    }

    /// <summary>The catalog in the order of the integrations' keys, a page at a time.</summary>
    public static async Task<Results<Ok<ItemsResponse<IntegrationResponse>>, ValidationProblem>> ListIntegrations(
        [AsParameters] PageParameters page, AdminDbContext db, CancellationToken ct)
    {
        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var integrations = await db.Integrations.AsNoTracking().Include(i => i.Services).ToListAsync(ct);
        var listed = Paging.Page(integrations, i => i.Key, limit, after);
        return TypedResults.Ok(new ItemsResponse<IntegrationResponse>([.. listed.Items.Select(ToResponse)], listed.NextCursor));
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> GetIntegration(
        string integrationKey, AdminDbContext db, CancellationToken ct)
    {
        var integration = await db.Integrations.Include(i => i.Services).SingleOrDefaultAsync(i => i.Key == integrationKey, ct);
        return integration is null ? Problems.NotFound($"No integration '{integrationKey}'.") : TypedResults.Ok(ToResponse(integration));
    }

    /// <summary>
    /// Creates or reprices an integration. The upsert locks the integration's row first, so concurrent PUTs of
    /// one key (even a new one) take turns instead of racing to insert it.
    /// </summary>
    public static async Task<Results<Ok<IntegrationResponse>, ValidationProblem>> PutIntegration(
        string integrationKey, PutIntegrationRequest request, IntegrationCatalog catalog, CancellationToken ct)
    {
        if (!IntegrationKeys.IsValid(integrationKey))
        {
            return Problems.Validation("integrationKey", "Use lowercase letters, digits and underscores.");
        }

        var name = request.Name!.Trim();
        var services = request.Services!.Select(s => new ServiceResponse(s.Key!, s.Name!.Trim(), s.DataCredits!.Value, s.Actions!.Value, s.ChargePolicy!)).ToList();
        await catalog.PutAsync(integrationKey, name,
            services.Select(s => new CatalogService(s.Key, s.Name, s.DataCredits, s.Actions, s.ChargePolicy)).ToList(), ct);
        return TypedResults.Ok(new IntegrationResponse(integrationKey, name, services));
    }

    public static async Task<Results<Ok<WorkspaceIntegrationResponse>, ProblemHttpResult>> SetOwnApiKey(
        Guid workspaceId, string integrationKey, OwnApiKeyRequest request, IntegrationCatalog catalog, CancellationToken ct) =>
        await catalog.SetOwnApiKeyAsync(workspaceId, integrationKey, request.OwnApiKey!.Value, ct) is { } updatedAt
            ? TypedResults.Ok(new WorkspaceIntegrationResponse(integrationKey, request.OwnApiKey.Value, updatedAt))
            : Problems.NotFound($"No integration '{integrationKey}'.");

    private static IntegrationResponse ToResponse(Integration i) => new(
        i.Key, i.Name,
        i.Services.OrderBy(s => s.Position).Select(s => new ServiceResponse(s.Key, s.Name, s.DataCredits, s.Actions, s.ChargePolicy)).ToList());
}
