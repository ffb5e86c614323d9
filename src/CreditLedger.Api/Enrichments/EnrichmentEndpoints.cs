using CreditLedger.Api.Auth;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Reservations;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Enrichments;

public static class EnrichmentEndpoints
{
    public static void MapEnrichmentEndpoints(this IEndpointRouteBuilder app)
    {
        var enrichments = app.MapGroup("/v1/workspaces/{workspaceId:guid}/enrichments").WithTags("Enrichments").RequireWorkspaceAccess();
        enrichments.MapPost("/", Reserve).WithName("reserveEnrichment").RequireScope(Scopes.UsageWrite).Validate<ReserveRequest>().RereadsBody()
            .Produces<ReservationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .WithSummary("Reserve credit for an enrichment: holds the most it can cost. Idempotent by key.");
        enrichments.MapPost("/{enrichmentId:guid}/complete", Complete).WithName("completeEnrichment").RequireScope(Scopes.UsageWrite).Validate<CompleteRequest>()
            .Produces<SettlementResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Settle with the provider's outcome: charge by the service's policy and release the rest.");
        enrichments.MapPost("/{enrichmentId:guid}/cancel", Cancel).WithName("cancelEnrichment").RequireScope(Scopes.UsageWrite)
            .Produces<SettlementResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Release the hold without charging.");
        enrichments.MapGet("/{enrichmentId:guid}", GetEnrichment).WithName("getEnrichment").RequireScope(Scopes.ReportsRead).WithSummary("A reservation and its settlement.");
    }

    public static async Task<IResult> Reserve(Guid workspaceId, ReserveRequest request, HttpRequest http, CreditEngine engine, CancellationToken ct)
    {
        var command = new Reserve(workspaceId, request.IdempotencyKey!, await RequestFingerprint.OfBodyAsync(http), request.UserId,
            request.Integration!, request.Service!, request.Quantity ?? 1, request.ResourceId, http.HttpContext.GetCaller().KeyId);
        return (await engine.ReserveAsync(command, ct)).ToResult((reservation, _) =>
            TypedResults.Created($"/v1/workspaces/{workspaceId}/enrichments/{reservation.Id}", reservation));
    }

    public static async Task<IResult> Complete(
        Guid workspaceId, Guid enrichmentId, CompleteRequest request, HttpContext http, CreditEngine engine, CancellationToken ct) =>
        (await engine.SettleAsync(new Settle(workspaceId, enrichmentId, OutcomeNames.Parse(request.Outcome!), http.GetCaller().KeyId), ct))
            .ToResult((settlement, _) => TypedResults.Ok(settlement));

    public static async Task<IResult> Cancel(Guid workspaceId, Guid enrichmentId, HttpContext http, CreditEngine engine, CancellationToken ct) =>
        (await engine.SettleAsync(new Settle(workspaceId, enrichmentId, null, http.GetCaller().KeyId), ct))
            .ToResult((settlement, _) => TypedResults.Ok(settlement));

    public static async Task<Results<Ok<EnrichmentResponse>, ProblemHttpResult>> GetEnrichment(
        Guid workspaceId, Guid enrichmentId, CreditEngine engine, CancellationToken ct) =>
        await engine.FindReservationAsync(workspaceId, enrichmentId, ct) is { } reservation
            ? TypedResults.Ok(reservation)
            : Problems.NotFound("No such enrichment in this workspace.");
}
