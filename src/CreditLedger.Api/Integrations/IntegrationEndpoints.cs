using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
            .MapPut("/{integrationKey}", SetOwnApiKey).RequireScope(Scopes.Manage).Validate<OwnApiKeyRequest>()
            .WithSummary("Bring your own provider key: the workspace then pays actions only for this integration.");
    }

    public static async Task<Ok<ItemsResponse<IntegrationResponse>>> ListIntegrations(AdminDbContext db, CancellationToken ct)
    {
        var integrations = await db.Integrations.Include(i => i.Services).OrderBy(i => i.Key).ToListAsync(ct);
        return TypedResults.Ok(new ItemsResponse<IntegrationResponse>(integrations.Select(ToResponse).ToList()));
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
        string integrationKey, PutIntegrationRequest request, NpgsqlDataSource database, TimeProvider clock, CancellationToken ct)
    {
        if (!IntegrationKeys.IsValid(integrationKey))
        {
            return Problems.Validation("integrationKey", "Use lowercase letters, digits and underscores.");
        }

        var name = request.Name!.Trim();
        var services = request.Services!.Select(s => new ServiceResponse(s.Key!, s.Name!.Trim(), s.DataCredits!.Value, s.Actions!.Value, s.ChargePolicy!)).ToList();
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Sql.BatchCommand("""
                    INSERT INTO integrations (key, name, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at,
                        version = nextval('integration_versions')
                    """, integrationKey, name, clock.GetUtcNow()),
                Sql.BatchCommand("DELETE FROM integration_services WHERE integration_key = $1", integrationKey),
                Sql.BatchCommand("""
                    INSERT INTO integration_services (integration_key, key, name, data_credits, actions, charge_policy, position)
                    SELECT $1, k, n, d, a, p, o FROM unnest($2::text[], $3::text[], $4::numeric[], $5::numeric[], $6::text[])
                        WITH ORDINALITY AS s(k, n, d, a, p, o)
                    """, integrationKey, services.Select(s => s.Key).ToArray(), services.Select(s => s.Name).ToArray(),
                    services.Select(s => s.DataCredits).ToArray(), services.Select(s => s.Actions).ToArray(),
                    services.Select(s => s.ChargePolicy).ToArray()),
            },
        };
        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new IntegrationResponse(integrationKey, name, services));
    }

    public static async Task<Results<Ok<WorkspaceIntegrationResponse>, ProblemHttpResult>> SetOwnApiKey(
        Guid workspaceId, string integrationKey, OwnApiKeyRequest request, NpgsqlDataSource database, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var upsert = Sql.Command(connection, """
            INSERT INTO workspace_integrations (workspace_id, integration_key, own_api_key, updated_at)
            SELECT $1, key, $3, $4 FROM integrations WHERE key = $2
            ON CONFLICT (workspace_id, integration_key) DO UPDATE SET own_api_key = excluded.own_api_key, updated_at = excluded.updated_at
            RETURNING updated_at
            """, workspaceId, integrationKey, request.OwnApiKey!.Value, clock.GetUtcNow());
        return await upsert.ExecuteScalarAsync(ct) is DateTime updatedAt
            ? TypedResults.Ok(new WorkspaceIntegrationResponse(integrationKey, request.OwnApiKey.Value, new DateTimeOffset(updatedAt, TimeSpan.Zero)))
            : Problems.NotFound($"No integration '{integrationKey}'.");
    }

    private static IntegrationResponse ToResponse(Integration i) => new(
        i.Key, i.Name,
        i.Services.OrderBy(s => s.Position).Select(s => new ServiceResponse(s.Key, s.Name, s.DataCredits, s.Actions, s.ChargePolicy)).ToList());
}
