using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Microsoft.Extensions.Options;
using CreditLedger.Api.Diagnostics;

namespace CreditLedger.Api.Enrichments;

public static class EnrichmentEndpoints
{
    public static void MapEnrichmentEndpoints(this IEndpointRouteBuilder app)
    {
        var enrichments = app.MapGroup("/v1/workspaces/{workspaceId:guid}/enrichments").WithTags("Enrichments").RequireWorkspaceAccess();
        enrichments.MapPost("/", Reserve).RequireScope(Scopes.UsageWrite).Validate<ReserveRequest>()
            .Produces<ReservationResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status402PaymentRequired)
            .WithSummary("Reserve credit for an enrichment: holds the most it can cost. Idempotent by key.");
        enrichments.MapPost("/{enrichmentId:guid}/complete", Complete).RequireScope(Scopes.UsageWrite).Validate<CompleteRequest>()
            .Produces<SettlementResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Settle with the provider's outcome: charge by the service's policy and release the rest.");
        enrichments.MapPost("/{enrichmentId:guid}/cancel", Cancel).RequireScope(Scopes.UsageWrite)
            .Produces<SettlementResponse>().ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Release the hold without charging.");
        enrichments.MapGet("/{enrichmentId:guid}", EnrichmentQueries.GetEnrichment).RequireScope(Scopes.ReportsRead).WithSummary("A reservation and its settlement.");
    }

    public static async Task<IResult> Reserve(
        Guid workspaceId, ReserveRequest request, HttpRequest http, LedgerSessionFactory ledger, RefusalAlerts alerts,
        IOptions<EngineOptions> options, CancellationToken ct)
    {
        var touched = new List<WorkspaceBook>();
        var result = await ReserveUnderLockAsync(workspaceId, request, http, ledger, options, touched, ct);
        // Once the lock is released: a refusal's alert is recorded in a transaction of its own.
        await alerts.RecordAsync(touched, CancellationToken.None); // recorded even when the client has gone
        return result;
    }

    private static async Task<IResult> ReserveUnderLockAsync(
        Guid workspaceId, ReserveRequest request, HttpRequest http, LedgerSessionFactory ledger, IOptions<EngineOptions> options,
        List<WorkspaceBook> touched, CancellationToken ct)
    {
        var requestHash = await RequestFingerprint.OfBodyAsync(http);
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        touched.Add(book);
        var key = request.IdempotencyKey!;
        var check = await Idempotency.CheckAsync(session, book, IdempotencyScopes.Enrichment, key, requestHash, ct);
        if (!check.IsNew)
        {
            return check.ToResult(key);
        }

        var facts = await UsagePrefetch.LoadAsync(session.Connection, [(workspaceId, null, request.UserId, request.ResourceId)], session.Books, ct);
        if (!facts.UserKnown(workspaceId, request.UserId))
        {
            return Problems.Validation("userId", "No such user in this workspace.");
        }

        if (!facts.ResourceLive(workspaceId, request.ResourceId))
        {
            return Problems.Validation("resourceId", "No such resource in this workspace (or it was deleted).");
        }

        if (facts.Price(request.Integration, request.Service) is not { } price)
        {
            return Problems.Validation("service", $"No service '{request.Service}' in integration '{request.Integration}'.");
        }

        var quantity = request.Quantity ?? 1;
        var ownApiKey = facts.OwnApiKey(workspaceId, request.Integration);
        var hold = ChargeRules.MaximumHold(price, quantity, ownApiKey);
        if (book.FindShortfall(hold) is { } shortfall)
        {
            ServiceMeter.Refusals.Add(1, new KeyValuePair<string, object?>("type", "insufficient-credits"));
            book.Alerts.Refused(shortfall, null, book.CycleIndex);
            return Problems.InsufficientCredits(shortfall);
        }

        var keyId = http.HttpContext.GetCaller().KeyId;
        if (book.FindLimitBreach(hold, new SpendSubject(request.UserId, keyId, request.ResourceId)) is { } breach)
        {
            ServiceMeter.Refusals.Add(1, new KeyValuePair<string, object?>("type", "spend-limit-reached"));
            book.Alerts.Refused(null, breach, book.CycleIndex);
            return Problems.SpendLimitReached(breach);
        }

        var row = new EnrichmentRow(workspaceId, Guid.CreateVersion7(), request.UserId, request.Integration!, request.Service!, quantity,
            ownApiKey, price, hold, EnrichmentStatuses.Pending, null, null, null, book.Now,
            book.Now + options.Value.HoldTimeout, null, request.ResourceId, keyId);
        book.Debit(hold, EntryTypes.Hold, new EntryContext(book.Now, EnrichmentId: row.Id, UserId: row.UserId,
            Kind: UsageKinds.Enrichment, Integration: row.Integration, Service: row.Service, ResourceId: row.ResourceId, ApiKeyId: row.ApiKeyId));
        await row.InsertAsync(session.Connection, ct);
        var response = new ReservationResponse(row.Id, row.Status, UsageRecorder.Charges(hold), row.ExpiresAt);
        Idempotency.Remember(book, IdempotencyScopes.Enrichment, key, requestHash, 201, response);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/v1/workspaces/{workspaceId}/enrichments/{row.Id}", response);
    }

    public static Task<IResult> Complete(
        Guid workspaceId, Guid enrichmentId, CompleteRequest request, HttpContext http, LedgerSessionFactory ledger, CancellationToken ct)
    {
        return SettleAsync(workspaceId, enrichmentId, OutcomeNames.Parse(request.Outcome!), http.GetCaller().KeyId, ledger, ct);
    }

    public static Task<IResult> Cancel(Guid workspaceId, Guid enrichmentId, HttpContext http, LedgerSessionFactory ledger, CancellationToken ct) =>
        SettleAsync(workspaceId, enrichmentId, null, http.GetCaller().KeyId, ledger, ct);

    /// <summary>Completion (with an outcome) or cancellation (without), repeatable with the same answer.</summary>
    private static async Task<IResult> SettleAsync(
        Guid workspaceId, Guid enrichmentId, Outcome? outcome, Guid? apiKeyId, LedgerSessionFactory ledger, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var row = await EnrichmentRow.FindAsync(session.Connection, workspaceId, enrichmentId, ct);
        if (row is null)
        {
            return Problems.NotFound("No such enrichment in this workspace.");
        }

        if (row.Status != EnrichmentStatuses.Pending)
        {
            return Repeat(row, outcome);
        }

        if (outcome is not null && row.ExpiresAt <= book.Now)
        {
            // Past its timeout the hold is released, as the background sweep would have done.
            await EnrichmentSettlement.SettleAsync(session, book, row, null, apiKeyId, ct);
            await session.CommitAsync(ct);
            return Problems.Conflict("The reservation timed out and its hold was released; record the work as usage instead.");
        }

        var response = await EnrichmentSettlement.SettleAsync(session, book, row, outcome, apiKeyId, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(response);
    }

    private static IResult Repeat(EnrichmentRow row, Outcome? outcome)
    {
        var sameCall = outcome is null ? row.Outcome is null : row.Outcome == outcome.Value.ToWire();
        if (sameCall)
        {
            return new StoredJsonResult(StatusCodes.Status200OK, row.Settlement!, replayed: false);
        }

        return Problems.Conflict(row.Outcome is null
            ? "The reservation was already released (cancelled or timed out)."
            : $"The reservation was already completed with outcome '{row.Outcome}'.");
    }
}
