using CreditLedger.Api.Auth;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Charging;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Estimates;

public static class EstimateEndpoints
{
    public static void MapEstimateEndpoints(this IEndpointRouteBuilder app)
    {
        var estimates = app.MapGroup("/v1/workspaces/{workspaceId:guid}/estimates").WithTags("Estimates").RequireWorkspaceAccess();
        estimates.MapPost("/", Estimate).WithName("estimateRun").AllowAnyScope().Validate<EstimateRequest>()
            .Produces<EstimateResponse>()
            .WithSummary("What a planned run can cost at most, and whether a reservation of all of it would be accepted now. Writes nothing.");
    }

    public static async Task<IResult> Estimate(Guid workspaceId, EstimateRequest request, HttpContext http, CreditEngine engine, CancellationToken ct)
    {
        var caller = http.GetCaller();
        // Another key's limits are a manager's question; a key may always ask about its own.
        if (request.ApiKeyId is { } other && other != caller.KeyId && !caller.HasScope(Scopes.Manage))
        {
            return Problems.Forbidden($"Estimating for another API key needs the '{Scopes.Manage}' scope.");
        }

        var items = request.Items!.Select(i => new PlannedWork(i.Kind is null ? i.Integration : null, i.Service, i.Quantity ?? 1)).ToList();
        var command = new EstimateRun(workspaceId, items, request.UserId, request.ResourceId, request.ApiKeyId ?? caller.KeyId);
        return (await engine.EstimateAsync(command, ct)).ToResult((estimate, _) => TypedResults.Ok(estimate));
    }
}
