using System.Diagnostics;
using System.Text.Json;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Infrastructure.Observability;
using CreditLedger.Api.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Usage;

public static class UsageEndpoints
{
    public static void MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/v1/workspaces/{workspaceId:guid}/usage").WithTags("Usage").RequireWorkspaceAccess()
            .RequireScope(Scopes.UsageWrite).WithMetadata(SummarizedRequestLog.Instance);
        usage.MapPost("/", RecordUsage).WithName("recordUsage").Validate<UsageRequest>().RereadsBody()
            .Produces<UsageResponse>(StatusCodes.Status201Created).Produces<UsageResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record completed work and charge for it (only successful enrichments, per the service's policy). Idempotent by key.");
        usage.MapPost("/batch", RecordBatch).WithName("recordUsageBatch").Accepts<UsageBatchRequest>("application/json").Validate<UsageBatchRequest>()
            .WithSummary("Record up to 1000 events; each stands alone with its own status (201, 200 replay, 400, 402, 409).");
    }

    public static async Task<IResult> RecordUsage(
        Guid workspaceId, UsageRequest request, HttpRequest http, CreditEngine engine, EventRateLimiter events, CancellationToken ct)
    {
        if (!events.TryAcquire(workspaceId, 1, out var retryAfter))
        {
            return EventRateLimited(http.HttpContext, retryAfter, 1);
        }

        var requestHash = await RequestFingerprint.OfBodyAsync(http);
        var command = new RecordUsage(workspaceId, new KeyedUsage(request, http.HttpContext.GetCaller().KeyId, requestHash));
        return (await engine.RecordUsageAsync(command, ct)).ToResult();
    }

    public static async Task<Results<UsageBatchAnswer, ValidationProblem, ProblemHttpResult>> RecordBatch(
        Guid workspaceId, UsageBatchRequest request, IValidator<UsageRequest> validator, CreditEngine engine, EventRateLimiter limiter,
        HttpContext http, CancellationToken ct)
    {
        var events = request.Events!.Value; // an array of 1..1000, by UsageBatchValidator
        var count = events.GetArrayLength();
        if (!limiter.TryAcquire(workspaceId, count, out var retryAfter))
        {
            return EventRateLimited(http, retryAfter, count);
        }

        var traceId = Activity.Current?.Id ?? http.TraceIdentifier; // as ProblemDetailsSetup gives every other problem
        var keyId = http.GetCaller().KeyId;
        var usages = new KeyedUsage?[count];
        var refusals = new ProblemSpec?[count];
        var items = new ItemValidator<UsageRequest>(validator);
        var index = 0;
        foreach (var item in events.EnumerateArray())
        {
            (usages[index], refusals[index]) = ParseItem(item, items, keyId);
            index++;
        }

        var outcomes = await engine.RecordBatchAsync(new RecordUsageBatch(workspaceId, usages), ct);
        return new UsageBatchAnswer(outcomes, refusals, traceId);
    }

    private static ProblemHttpResult EventRateLimited(HttpContext http, TimeSpan retryAfter, int events) =>
        Problems.RateLimited(http, retryAfter,
            $"This workspace is recording events faster than its limit allows; none of these {events} event(s) was recorded.");

    /// <summary>
    /// Deserializes and validates one batch item, sent with key <paramref name="keyId"/>; invalid ones get their 400 outcome
    /// here. Validation is synchronous (the usage rules have no asynchronous one): per item, the async path cost an
    /// allocation the work does not need.
    /// </summary>
    internal static (KeyedUsage? Usage, ProblemSpec? Invalid) ParseItem(JsonElement item, ItemValidator<UsageRequest> validator, Guid? keyId)
    {
        UsageRequest? request;
        try
        {
            request = item.ValueKind == JsonValueKind.Object ? item.Deserialize<UsageRequest>(JsonSetup.Options) : null;
        }
        catch (JsonException e)
        {
            var (field, message) = ClientErrors.FromJson(e, wholeBody: "event");
            return (null, ProblemSpec.Validation(field, message));
        }

        if (request is null)
        {
            return (null, ProblemSpec.Validation("event", "Each event must be a JSON object."));
        }

        return validator.Failures(request) is { } failures
            ? (null, ProblemSpec.Validation(ValidationErrors.From(failures)))
            : (new KeyedUsage(request, keyId, RequestFingerprint.Of(item)), null);
    }
}
