using CreditLedger.Api.Json;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.SpendLimits;

/// <summary>
/// Caps per user, API key and resource, and the workspace's default workbook cap. Every change takes the workspace lock
/// and recounts the counters from the ledger (<see cref="SpendRecount"/>), so a new or changed limit starts from what its
/// scope already spent this cycle.
/// </summary>
public static class SpendLimitEndpoints
{
    public static void MapSpendLimitEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/v1/workspaces/{workspaceId:guid}/spend-limits").WithTags("Spend limits").RequireWorkspaceAccess();
        limits.MapGet("/", List).WithName("listSpendLimits").RequireScope(Scopes.ReportsRead).WithSummary("Every limit that was set, with this cycle's spent and remaining.");
        limits.MapGet("/defaults/workbook", SpendLimitDefaults.Get).WithName("getWorkbookDefaultLimit").RequireScope(Scopes.ReportsRead)
            .WithSummary("The default cap of every workbook without a limit of its own (404 when none is set).");
        limits.MapPut("/defaults/workbook", SpendLimitDefaults.Put).WithName("setWorkbookDefaultLimit").RequireScope(Scopes.Manage).Validate<PutSpendLimitRequest>()
            .WithSummary("Set the default cap of every workbook without a limit of its own (Clay's default workbook limit).");
        limits.MapDelete("/defaults/workbook", SpendLimitDefaults.Delete).WithName("removeWorkbookDefaultLimit").RequireScope(Scopes.Manage).WithSummary("Remove the default workbook cap.");
        // One check of {scope}/{scopeId} for every route that names a limit (400 for a bad scope or resource id, 404 for a
        // user or key id that is no UUID); the handlers read the target it accepted.
        var limit = limits.MapGroup("/{scope}/{scopeId}").AddEndpointFilter(static (context, next) =>
            LimitRoute.Parse((string)context.HttpContext.Request.RouteValues["scope"]!, (string)context.HttpContext.Request.RouteValues["scopeId"]!)
                is { Problem: { } problem } ? ValueTask.FromResult<object?>(problem) : next(context))
            .ProducesValidationProblem();
        limit.MapGet("/", Get).WithName("getSpendLimit").RequireScope(Scopes.ReportsRead).WithSummary("One limit with this cycle's spent and remaining.");
        limit.MapPut("/", Put).WithName("setSpendLimit").RequireScope(Scopes.Manage).Validate<PutSpendLimitRequest>()
            .WithSummary("Cap what a user, API key or resource (with its descendants) may spend per billing cycle, per currency.");
        limit.MapDelete("/", Delete).WithName("removeSpendLimit").RequireScope(Scopes.Manage).WithSummary("Lift a limit.");

        app.MapGroup("/v3/workspaces/{workspaceId:guid}").WithTags("Clay credit usage (v3)").RequireWorkspaceAccess()
            .MapGet("/default-credit-limits", SpendLimitDefaults.GetClay).WithName("clayGetDefaultCreditLimits").RequireScope(Scopes.ReportsRead)
            .WithSummary("Clay's default workbook Data Credit limit (?appliesTo=workbook).");
    }

    /// <summary>The limits that were set, in the order of scope then id, a page at a time.</summary>
    public static async Task<Results<Ok<ItemsResponse<SpendLimitResponse>>, ValidationProblem>> List(
        Guid workspaceId, [AsParameters] PageParameters page, CreditEngine engine, CancellationToken ct) =>
        Paging.TryRead(page, out var limit, out var after) is { } invalid
            ? invalid
            : TypedResults.Ok(Paging.Page((await engine.ListSpendLimitsAsync(workspaceId, ct)).Select(r => r.ToResponse()), l => $"{l.Scope}|{l.ScopeId}", limit, after));

    public static async Task<Results<Ok<SpendLimitResponse>, ProblemHttpResult>> Get(
        Guid workspaceId, string scope, string scopeId, CreditEngine engine, CancellationToken ct)
    {
        var (limitScope, id) = LimitRoute.Parse(scope, scopeId).Target;
        var reading = (await engine.ListSpendLimitsAsync(workspaceId, ct))
            .FirstOrDefault(r => r.Limit.Scope == limitScope && r.Limit.ScopeId == id);
        return reading is null ? Problems.NotFound($"No spend limit is set for {scope} '{id}'.") : TypedResults.Ok(reading.ToResponse());
    }

    public static async Task<Results<Ok<SpendLimitResponse>, ProblemHttpResult>> Put(
        Guid workspaceId, string scope, string scopeId, PutSpendLimitRequest request, CreditEngine engine, CancellationToken ct) =>
        await engine.SetSpendLimitAsync(new SetSpendLimit(workspaceId, LimitRoute.Parse(scope, scopeId).Target, request.ToCaps()), ct) switch
        {
            EngineResult<SpendLimitReading?>.Done { Value: { } reading } => TypedResults.Ok(reading.ToResponse()),
            var other => other.RefusalOf().ToProblemResult(),
        };

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid workspaceId, string scope, string scopeId, CreditEngine engine, CancellationToken ct) =>
        await engine.RemoveSpendLimitAsync(new RemoveSpendLimit(workspaceId, LimitRoute.Parse(scope, scopeId).Target), ct) is
            EngineResult<bool>.Refused refused ? refused.Refusal.ToProblemResult() : TypedResults.NoContent();
}
