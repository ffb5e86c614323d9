using CreditLedger.Api.Auth;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Credits;

/// <summary>
/// Auto top-up rules (threshold recharge): settings the ledger reads with its lock. The grants they make are ordinary
/// purchase grants with <c>autoTopUp: true</c>, listed with <c>GET …/grants?autoTopUp=true</c>.
/// </summary>
public static class AutoTopUpEndpoints
{
    public static void MapAutoTopUpEndpoints(this IEndpointRouteBuilder app)
    {
        var topUp = app.MapGroup("/v1/workspaces/{workspaceId:guid}/auto-top-up").WithTags("Credits").RequireWorkspaceAccess();
        topUp.MapGet("/", Get).WithName("getAutoTopUp").RequireScope(Scopes.ReportsRead)
            .WithSummary("The auto top-up rules per currency, each with the top-up grants it made this billing cycle.");
        topUp.MapPut("/", Put).WithName("setAutoTopUp").RequireAdmin().Validate<AutoTopUpRequest>()
            .WithSummary("Set, replace or remove (null) each currency's rule; an omitted part keeps its rule.");
    }

    public static async Task<Results<Ok<AutoTopUpResponse>, ProblemHttpResult>> Get(Guid workspaceId, CreditEngine engine, CancellationToken ct) =>
        await engine.TopUpRulesAsync(workspaceId, ct) is { } rules ? TypedResults.Ok(AutoTopUpResponse.From(rules)) : Problems.NotFound("No such workspace.");

    public static async Task<Results<Ok<AutoTopUpResponse>, ValidationProblem, ProblemHttpResult>> Put(
        Guid workspaceId, AutoTopUpRequest request, CreditEngine engine, CancellationToken ct) =>
        await engine.SetTopUpRulesAsync(request.ToCommand(workspaceId), ct) switch
        {
            EngineResult<Engine.TopUps.TopUpRules>.Done done => TypedResults.Ok(AutoTopUpResponse.From(done.Value)),
            var refused => refused.RefusalOf().ToProblemResult(),
        };
}
