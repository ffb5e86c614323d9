using CreditLedger.Api.Auth;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Credits;

public static class CreditEndpoints
{
    public static void MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        var credits = app.MapGroup("/v1/workspaces/{workspaceId:guid}").WithTags("Credits").RequireWorkspaceAccess();
        credits.MapPost("/grants", CreateGrant).WithName("createGrant").RequireAdmin().Validate<CreateGrantRequest>().RereadsBody()
            .Produces<GrantResponse>(StatusCodes.Status201Created).Produces<GrantResponse>(StatusCodes.Status200OK)
            .WithSummary("Add credits (purchase, promotion, adjustment). Idempotent by key; purchases never expire unless expiresAt is given.");
        credits.MapPost("/grants/{grantId:guid}/activate", ActivateGrant).WithName("activateGrant").RequireAdmin()
            .Produces<GrantResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A pending grant's payment arrived: it becomes active and its credit counts from now. Again: the same answer.");
        credits.MapPost("/grants/{grantId:guid}/void", VoidGrant).WithName("voidGrant").RequireAdmin().Validate<VoidGrantRequest>()
            .Produces<GrantResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Void a grant: a pending one never counts; an active one gives up what remains as a void entry. Again: the same answer.");
        credits.MapGet("/grants", ListGrants).WithName("listGrants").RequireScope(Scopes.ReportsRead).WithSummary("List grants; ?active=true for those with credit left and not expired.");
        credits.MapGet("/balance", GetBalance).WithName("getBalance").RequireScope(Scopes.ReportsRead).WithSummary("Available and held credit per currency, and the current cycle.");
    }

    public static async Task<IResult> CreateGrant(
        Guid workspaceId, CreateGrantRequest request, HttpRequest http, CreditEngine engine, CancellationToken ct)
    {
        var command = new GrantCredits(workspaceId, request.IdempotencyKey!, await RequestFingerprint.OfBodyAsync(http),
            CurrencyNames.Parse(request.Currency!), request.Amount!.Value, request.Source!, request.ExpiresAt, request.UnitPrice ?? 0,
            request.Pending ?? false);
        return (await engine.GrantAsync(command, ct)).ToResult((grant, _) =>
            TypedResults.Created($"/v1/workspaces/{workspaceId}/grants/{grant.Id}", grant));
    }

    public static async Task<IResult> ActivateGrant(Guid workspaceId, Guid grantId, CreditEngine engine, CancellationToken ct) =>
        (await engine.ActivateGrantAsync(new ActivateGrant(workspaceId, grantId), ct)).ToResult((grant, _) => TypedResults.Ok(grant));

    public static async Task<IResult> VoidGrant(Guid workspaceId, Guid grantId, VoidGrantRequest request, CreditEngine engine, CancellationToken ct) =>
        (await engine.VoidGrantAsync(new VoidGrant(workspaceId, grantId, request.Reason!.Trim()), ct)).ToResult((grant, _) => TypedResults.Ok(grant));

    /// <summary>
    /// Grants in the order they took effect, a page at a time: with credit left and not expired (<paramref name="active"/>),
    /// in one <paramref name="status"/>, or only those an auto top-up rule made (<paramref name="autoTopUp"/>).
    /// </summary>
    public static async Task<Results<Ok<ItemsResponse<GrantResponse>>, ValidationProblem>> ListGrants(
        Guid workspaceId, bool? active, string? status, bool? autoTopUp, [AsParameters] PageParameters page, CreditEngine engine, CancellationToken ct)
    {
        if (status is not null and not (GrantStatuses.Active or GrantStatuses.Pending or GrantStatuses.Voided))
        {
            return Problems.Validation("status", "Must be 'active', 'pending' or 'voided'.");
        }

        if (Paging.TryRead(page, out var limit, out var after) is { } invalid)
        {
            return invalid;
        }

        var grants = (await engine.ListGrantsAsync(workspaceId, active ?? false, ct))
            .Where(g => (status is null || g.Status == status) && (autoTopUp is null || g.AutoTopUp == autoTopUp));
        return TypedResults.Ok(Paging.Page(grants, g => Paging.CreatedKey(g.EffectiveAt, g.Id), limit, after));
    }

    /// <summary>The head's cached balances, after the cycle boundary and lapsed grants are applied, so never stale.</summary>
    public static async Task<Results<Ok<BalanceResponse>, ProblemHttpResult>> GetBalance(Guid workspaceId, CreditEngine engine, CancellationToken ct) =>
        await engine.BalanceAsync(workspaceId, ct) is { } balance ? TypedResults.Ok(balance) : Problems.NotFound("No such workspace.");
}
