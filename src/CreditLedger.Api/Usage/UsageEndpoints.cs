using System.Diagnostics;
using System.Text.Json;
using CreditLedger.Api.Auth;
using CreditLedger.Api.Infrastructure;
using CreditLedger.Api.Ledger;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Usage;

public static class UsageEndpoints
{
    public const int MaxBatchSize = 1000;

    public static void MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        var usage = app.MapGroup("/v1/workspaces/{workspaceId:guid}/usage").WithTags("Usage").RequireWorkspaceAccess();
        usage.MapPost("/", RecordUsage).Validate<UsageRequest>()
            .Produces<UsageResponse>(StatusCodes.Status201Created).Produces<UsageResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Record completed work and charge for it (only successful enrichments, per the service's policy). Idempotent by key.");
        usage.MapPost("/batch", RecordBatch)
            .WithSummary("Record up to 1000 events; each stands alone with its own status (201, 200 replay, 400, 402, 409).");
    }

    public static async Task<IResult> RecordUsage(
        Guid workspaceId, UsageRequest request, HttpRequest http, LedgerSessionFactory ledger, CancellationToken ct)
    {
        var requestHash = await RequestFingerprint.OfBodyAsync(http);
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var outcome = await UsageRecorder.RecordAsync(session, book, request, requestHash, ct);
        if (outcome.Status == StatusCodes.Status201Created)
        {
            await session.CommitAsync(ct);
        }

        return outcome.ToResult();
    }

    public static async Task<Results<Ok<UsageBatchResponse>, ValidationProblem>> RecordBatch(
        Guid workspaceId, UsageBatchRequest request, IValidator<UsageRequest> validator, LedgerSessionFactory ledger, CancellationToken ct)
    {
        if (request.Events is not { Count: > 0 and <= MaxBatchSize } events)
        {
            return Problems.Validation("events", $"Send between 1 and {MaxBatchSize} events.");
        }

        var traceId = Activity.Current?.Id ?? string.Empty;
        var results = new List<UsageBatchItem>(events.Count);
        await using var session = await ledger.BeginAsync(ct);
        var book = (await session.LockAsync(workspaceId, ct))!;
        var anyCreated = false;
        for (var index = 0; index < events.Count; index++)
        {
            var outcome = await RecordItemAsync(session, book, events[index], validator, ct);
            anyCreated |= outcome.Status == StatusCodes.Status201Created;
            results.Add(new UsageBatchItem(
                index, outcome.Status,
                outcome.Response is not null ? JsonSerializer.SerializeToElement(outcome.Response, JsonSetup.Options)
                    : outcome.ReplayJson is not null ? JsonDocument.Parse(outcome.ReplayJson).RootElement.Clone() : null,
                outcome.Problem is not null ? SerializeProblem(outcome.Problem.ToDetails(traceId)) : null));
        }

        if (anyCreated)
        {
            await session.CommitAsync(ct);
        }

        return TypedResults.Ok(new UsageBatchResponse(results));
    }

    /// <summary>By runtime type, so a validation problem keeps its errors.</summary>
    private static JsonElement SerializeProblem(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        JsonSerializer.SerializeToElement(problem, problem.GetType(), JsonSetup.Options);

    private static async Task<UsageOutcome> RecordItemAsync(
        LedgerSession session, WorkspaceBook book, JsonElement item, IValidator<UsageRequest> validator, CancellationToken ct)
    {
        UsageRequest? request;
        try
        {
            request = item.ValueKind == JsonValueKind.Object ? item.Deserialize<UsageRequest>(JsonSetup.Options) : null;
        }
        catch (JsonException e)
        {
            return UsageOutcome.Failed(ProblemSpec.Validation(e.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : "event", "The value is not valid for this field."));
        }

        if (request is null)
        {
            return UsageOutcome.Failed(ProblemSpec.Validation("event", "Each event must be a JSON object."));
        }

        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            return UsageOutcome.Failed(ProblemSpec.Validation(validation.Errors
                .GroupBy(e => ValidationFilter<UsageRequest>.FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray())));
        }

        return await UsageRecorder.RecordAsync(session, book, request, RequestFingerprint.Of(item), ct);
    }
}
