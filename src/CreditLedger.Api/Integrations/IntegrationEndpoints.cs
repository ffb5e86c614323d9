using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CreditLedger.Api.Integrations;

public static class IntegrationEndpoints
{
    public static void MapIntegrationEndpoints(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/v1/integrations").WithTags("Integrations");
        catalog.MapGet("/", ListIntegrations).WithSummary("The catalog of data providers and their prices.");
        catalog.MapGet("/{integrationKey}", GetIntegration).WithSummary("One integration with its services and prices.");
        catalog.MapPut("/{integrationKey}", PutIntegration).RequireAdmin().Validate<PutIntegrationRequest>()
            .WithSummary("Create or reprice an integration; new prices apply from now on, past charges keep theirs.");

        app.MapGroup("/v1/workspaces/{workspaceId:guid}/integrations").WithTags("Integrations").RequireWorkspaceAccess()
            .MapPut("/{integrationKey}", SetOwnApiKey).Validate<OwnApiKeyRequest>()
            .WithSummary("Bring your own provider key: the workspace then pays actions only for this integration.");
    }

    public static async Task<Ok<ItemsResponse<IntegrationResponse>>> ListIntegrations(LedgerDbContext db, CancellationToken ct)
    {
        var integrations = await db.Integrations.Include(i => i.Services).OrderBy(i => i.Key).ToListAsync(ct);
        return TypedResults.Ok(new ItemsResponse<IntegrationResponse>(integrations.Select(ToResponse).ToList()));
    }

    public static async Task<Results<Ok<IntegrationResponse>, ProblemHttpResult>> GetIntegration(
        string integrationKey, LedgerDbContext db, CancellationToken ct)
    {
        var integration = await db.Integrations.Include(i => i.Services).SingleOrDefaultAsync(i => i.Key == integrationKey, ct);
        return integration is null ? Problems.NotFound($"No integration '{integrationKey}'.") : TypedResults.Ok(ToResponse(integration));
    }

    public static async Task<Results<Ok<IntegrationResponse>, ValidationProblem>> PutIntegration(
        string integrationKey, PutIntegrationRequest request, LedgerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!IntegrationKeys.IsValid(integrationKey))
        {
            return Problems.Validation("integrationKey", "Use lowercase letters, digits and underscores.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.IntegrationServices.Where(s => s.IntegrationKey == integrationKey).ExecuteDeleteAsync(ct);
        var integration = await db.Integrations.AsTracking().SingleOrDefaultAsync(i => i.Key == integrationKey, ct);
        if (integration is null)
        {
            integration = new Integration { Key = integrationKey, Name = request.Name!.Trim() };
            db.Integrations.Add(integration);
        }

        integration.Name = request.Name!.Trim();
        integration.UpdatedAt = clock.GetUtcNow();
        var services = request.Services!.Select((s, i) => new IntegrationService
        {
            IntegrationKey = integrationKey,
            Key = s.Key!,
            Name = s.Name!.Trim(),
            DataCredits = s.DataCredits!.Value,
            Actions = s.Actions!.Value,
            ChargePolicy = s.ChargePolicy!,
            Position = i + 1,
        }).ToList();
        db.IntegrationServices.AddRange(services);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        integration.Services = services;
        return TypedResults.Ok(ToResponse(integration));
    }

    public static async Task<Results<Ok<WorkspaceIntegrationResponse>, ProblemHttpResult>> SetOwnApiKey(
        Guid workspaceId, string integrationKey, OwnApiKeyRequest request, LedgerDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!await db.Integrations.AnyAsync(i => i.Key == integrationKey, ct))
        {
            return Problems.NotFound($"No integration '{integrationKey}'.");
        }

        var setting = await db.WorkspaceIntegrations.AsTracking()
            .SingleOrDefaultAsync(w => w.WorkspaceId == workspaceId && w.IntegrationKey == integrationKey, ct);
        if (setting is null)
        {
            setting = new WorkspaceIntegration { WorkspaceId = workspaceId, IntegrationKey = integrationKey };
            db.WorkspaceIntegrations.Add(setting);
        }

        setting.OwnApiKey = request.OwnApiKey!.Value;
        setting.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new WorkspaceIntegrationResponse(integrationKey, setting.OwnApiKey, setting.UpdatedAt));
    }

    private static IntegrationResponse ToResponse(Integration i) => new(
        i.Key, i.Name,
        i.Services.OrderBy(s => s.Position).Select(s => new ServiceResponse(s.Key, s.Name, s.DataCredits, s.Actions, s.ChargePolicy)).ToList());
}
