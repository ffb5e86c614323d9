using System.Diagnostics;
using System.Text.Json;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Alerts;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Usage;

public static class UsageEndpoints
{
    public const int MaxBatchSize = 1000;

    public static void MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/v1/workspaces/{workspaceId:guid}/usage").WithTags("Usage").RequireWorkspaceAccess()
            .RequireScope(Scopes.UsageWrite);
        usage.MapPost("/", RecordUsage).Validate<UsageRequest>()
            .Produces<UsageResponse>(StatusCodes.Status201Created).Produces<UsageResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record completed work and charge for it (only successful enrichments, per the service's policy). Idempotent by key.");
        usage.MapPost("/batch", RecordBatch)
            .WithSummary("Record up to 1000 events; each stands alone with its own status (201, 200 replay, 400, 402, 409).");
    }

    public static async Task<IResult> RecordUsage(
        Guid workspaceId, UsageRequest request, HttpRequest http, UsageGroupCommitter committer, EventRateLimiter events, CancellationToken ct)
    {
        if (!events.TryAcquire(workspaceId, 1, out var retryAfter))
        {
            return EventRateLimited(http.HttpContext, retryAfter, 1);
        }

        var requestHash = await RequestFingerprint.OfBodyAsync(http);
        return (await committer.RecordAsync(workspaceId, request.ToCommand(http.HttpContext.GetCaller().KeyId), requestHash, ct)).ToResult();
    }

    public static async Task<Results<Ok<UsageBatchResponse>, ValidationProblem, ProblemHttpResult>> RecordBatch(
        Guid workspaceId, UsageBatchRequest request, IValidator<UsageRequest> validator, LedgerSessionFactory ledger, EventRateLimiter limiter,
        RefusalAlerts alerts, HttpContext http, CancellationToken ct)
    {
        if (request.Events is not { Count: > 0 and <= MaxBatchSize } events)
        {
            return Problems.Validation("events", $"Send between 1 and {MaxBatchSize} events.");
        }

        if (!limiter.TryAcquire(workspaceId, events.Count, out var retryAfter))
        {
            return EventRateLimited(http, retryAfter, events.Count);
        }

        var traceId = Activity.Current?.Id ?? string.Empty;
        var parsed = new List<(UsageRequest? Request, byte[] Hash, ProblemSpec? Invalid)>(events.Count);
        foreach (var item in events)
        {
            parsed.Add(await ParseItemAsync(item, validator, ct));
        }

        var (results, book) = await RecordUnderLockAsync(workspaceId, parsed, ledger, http.GetCaller().KeyId, traceId, ct);
        // Once the lock is released: a refusal's alert is recorded in a transaction of its own.
        await alerts.RecordAsync([book], CancellationToken.None); // recorded even when the client has gone
        return TypedResults.Ok(new UsageBatchResponse(results));
    }

    /// <summary>Every item against the locked workspace in one transaction, committed when anything was recorded.</summary>
    private static async Task<(List<UsageBatchItem> Results, WorkspaceBook Book)> RecordUnderLockAsync(
        Guid workspaceId, List<(UsageRequest? Request, byte[] Hash, ProblemSpec? Invalid)> parsed, LedgerSessionFactory ledger,
        Guid? keyId, string traceId, CancellationToken ct)
    {
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var valid = parsed.Where(p => p.Request is not null)
            .Select(p => (workspaceId, (string?)p.Request!.IdempotencyKey, p.Request.UserId, p.Request.ResourceId)).ToList();
        var prefetch = await UsagePrefetch.LoadAsync(session.Connection, valid, session.Books, ct);
        var results = new List<UsageBatchItem>(parsed.Count);
        var anyCreated = false;
        for (var index = 0; index < parsed.Count; index++)
        {
            var (eventRequest, hash, invalid) = parsed[index];
            if (invalid is not null)
            {
                results.Add(new UsageBatchItem(index, invalid.Status, null, SerializeProblem(invalid.ToDetails(traceId))));
                continue;
            }

            var outcome = UsageRecorder.Record(book, eventRequest!.ToCommand(keyId), hash, prefetch);
            anyCreated |= outcome is UsageOutcome.Created;
            results.Add(new UsageBatchItem(
                index, outcome.Status(),
                outcome.Json() is { } json ? new RawJson(json) : null,
                outcome.Problem() is { } problem ? SerializeProblem(problem.ToDetails(traceId)) : null));
        }

        if (anyCreated)
        {
            await session.CommitAsync(ct);
        }

        return (results, book);
    }

    private static ProblemHttpResult EventRateLimited(HttpContext http, TimeSpan retryAfter, int events) =>
        Problems.RateLimited(http, retryAfter,
            $"This workspace is recording events faster than its limit allows; none of these {events} event(s) was recorded.");

    /// <summary>By runtime type, so a validation problem keeps its errors.</summary>
    private static JsonElement SerializeProblem(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        JsonSerializer.SerializeToElement(problem, problem.GetType(), JsonSetup.Options);

    /// <summary>Deserializes and validates one batch item; invalid ones get their 400 outcome here.</summary>
    private static async Task<(UsageRequest? Request, byte[] Hash, ProblemSpec? Invalid)> ParseItemAsync(
        JsonElement item, IValidator<UsageRequest> validator, CancellationToken ct)
    {
        UsageRequest? request;
        try
        {
            request = item.ValueKind == JsonValueKind.Object ? item.Deserialize<UsageRequest>(JsonSetup.Options) : null;
        }
        catch (JsonException e)
        {
            var (field, message) = ClientErrors.FromJson(e, wholeBody: "event");
            return (null, [], ProblemSpec.Validation(field, message));
        }

        if (request is null)
        {
            return (null, [], ProblemSpec.Validation("event", "Each event must be a JSON object."));
        }

        var validation = await validator.ValidateAsync(request, ct);
        return validation.IsValid
            ? (request, RequestFingerprint.Of(item), null)
            : (null, [], ProblemSpec.Validation(ValidationErrors.From(validation)));
    }
}
