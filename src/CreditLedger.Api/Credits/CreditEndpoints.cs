using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;

namespace CreditLedger.Api.Credits;

public static class CreditEndpoints
{
    public static void MapCreditEndpoints(this IEndpointRouteBuilder app)
    {
        var credits = app.MapGroup("/v1/workspaces/{workspaceId:guid}").WithTags("Credits").RequireWorkspaceAccess();
        credits.MapPost("/grants", CreateGrant).RequireAdmin().Validate<CreateGrantRequest>()
            .Produces<GrantResponse>(StatusCodes.Status201Created).Produces<GrantResponse>(StatusCodes.Status200OK)
            .WithSummary("Add credits (purchase, promotion, adjustment). Idempotent by key; purchases never expire unless expiresAt is given.");
        credits.MapGet("/grants", GrantQueries.ListGrants).RequireScope(Scopes.ReportsRead).WithSummary("List grants; ?active=true for those with credit left and not expired.");
        credits.MapGet("/balance", GrantQueries.GetBalance).RequireScope(Scopes.ReportsRead).WithSummary("Available and held credit per currency, and the current cycle.");
    }

    public static async Task<IResult> CreateGrant(
        Guid workspaceId, CreateGrantRequest request, HttpRequest http, LedgerSessionFactory ledger, CancellationToken ct)
    {
        var requestHash = await RequestFingerprint.OfBodyAsync(http);
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var key = request.IdempotencyKey!;
        var check = await Idempotency.CheckAsync(session, book, IdempotencyScopes.Grant, key, requestHash, ct);
        if (!check.IsNew)
        {
            return check.ToResult(key);
        }

        var currency = CurrencyNames.Parse(request.Currency!);
        if (!book.CanHold(currency, request.Amount!.Value))
        {
            // Refused before anything is appended; the key stays unused so a smaller grant may use it.
            return Problems.Conflict($"This grant would take the workspace's {currency.ToWire()} above " +
                $"{Money.MaxPurchasedBalance} (available plus held), the most a workspace may hold.");
        }

        var grant = book.AddGrant(currency, request.Amount!.Value, request.Source!, book.Now, request.ExpiresAt);
        var response = GrantQueries.ToResponse(grant);
        Idempotency.Remember(book, IdempotencyScopes.Grant, key, requestHash, 201, response);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/v1/workspaces/{workspaceId}/grants/{grant.Id}", response);
    }
}
