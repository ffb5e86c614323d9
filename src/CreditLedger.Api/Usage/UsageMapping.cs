using System.Text.Json;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Usage;

/// <summary>From the HTTP request to the engine's command, and from the engine's outcome to the HTTP answer.</summary>
public static class UsageMapping
{
    /// <summary>The engine's command for a request sent with workspace key <paramref name="apiKeyId"/> (null: the admin key).</summary>
    public static UsageCommand ToCommand(this UsageRequest request, Guid? apiKeyId) => new(
        request.IdempotencyKey!, request.Kind!, request.UserId, request.Integration, request.Service, request.Outcome, request.Quantity,
        request.OccurredAt, request.Metadata is { ValueKind: JsonValueKind.Object } metadata ? metadata.GetRawText() : null,
        request.ResourceId, apiKeyId);

    /// <summary>The HTTP status of an outcome (also a batch item's status).</summary>
    public static int Status(this UsageOutcome outcome) => outcome switch
    {
        UsageOutcome.Created => StatusCodes.Status201Created,
        UsageOutcome.Replayed => StatusCodes.Status200OK,
        _ => outcome.Problem()!.Status,
    };

    /// <summary>The stored response JSON of a created or replayed event; null for a refusal.</summary>
    public static string? Json(this UsageOutcome outcome) => outcome switch
    {
        UsageOutcome.Created created => created.Json,
        UsageOutcome.Replayed replayed => replayed.Json,
        _ => null,
    };

    /// <summary>The contract's problem for a refused event; null when it was recorded or replayed.</summary>
    public static ProblemSpec? Problem(this UsageOutcome outcome) => outcome switch
    {
        UsageOutcome.KeyConflict conflict => ProblemSpec.IdempotencyConflict(conflict.Key),
        UsageOutcome.NotEnoughCredit shortfall => ProblemSpec.InsufficientCredits(shortfall.Shortfall),
        UsageOutcome.LimitReached reached => ProblemSpec.SpendLimitReached(reached.Breach),
        UsageOutcome.Invalid invalid => ProblemSpec.Validation(invalid.Field, invalid.Message),
        _ => null,
    };

    public static IResult ToResult(this UsageOutcome outcome) => outcome.Problem() is { } problem
        ? problem.ToResult()
        : new StoredJsonResult(outcome.Status(), outcome.Json()!, replayed: outcome is UsageOutcome.Replayed);
}
