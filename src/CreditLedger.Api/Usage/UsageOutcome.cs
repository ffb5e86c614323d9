using CreditLedger.Api.Infrastructure;

namespace CreditLedger.Api.Usage;

/// <summary>
/// The result of recording one usage event: the response JSON (as stored under its idempotency key, whether
/// just created or replayed) or a problem; never both.
/// </summary>
public sealed record UsageOutcome(int Status, string? Json, ProblemSpec? Problem)
{
    public static UsageOutcome Created(string json) => new(201, json, null);

    public static UsageOutcome Replayed(string json) => new(200, json, null);

    public static UsageOutcome Failed(ProblemSpec problem) => new(problem.Status, null, problem);

    public IResult ToResult() => Problem is not null
        ? Problem.ToResult()
        : new StoredJsonResult(Status, Json!, replayed: Status == StatusCodes.Status200OK);
}
