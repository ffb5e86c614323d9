using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Webhooks;

/// <summary>
/// Alert thresholds: a low balance per currency and how far ahead <c>grant.expiring</c> looks. They are workspace settings
/// the ledger reads with its lock; a change takes the lock so no transaction sees half of it.
/// </summary>
public static class AlertEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/v1/workspaces/{workspaceId:guid}/alerts").WithTags("Webhooks and alerts").RequireWorkspaceAccess();
        alerts.MapGet("/", Get).WithName("getAlerts").RequireScope(Scopes.ReportsRead).WithSummary("Low-balance thresholds and the grant-expiry horizon.");
        alerts.MapPut("/", Put).WithName("setAlerts").RequireScope(Scopes.Manage).Validate<AlertsRequest>()
            .WithSummary("Set thresholds; a part left out keeps its value, a present part with lowBalance null removes that threshold.");
    }

    public static async Task<Results<Ok<AlertsResponse>, ProblemHttpResult>> Get(Guid workspaceId, CreditEngine engine, CancellationToken ct) =>
        await engine.AlertSettingsAsync(workspaceId, ct) is { } alerts ? TypedResults.Ok(alerts) : Problems.NotFound("No such workspace.");

    public static async Task<Results<Ok<AlertsResponse>, ValidationProblem, ProblemHttpResult>> Put(
        Guid workspaceId, AlertsRequest request, CreditEngine engine, CancellationToken ct) =>
        await engine.SetAlertSettingsAsync(workspaceId, request.Actions, request.DataCredits, request.ExpiringWithinDays, ct) switch
        {
            EngineResult<AlertsResponse>.Done done => TypedResults.Ok(done.Value),
            var refused => refused.RefusalOf().ToProblemResult(),
        };
}
