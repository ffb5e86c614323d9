using CreditLedger.Api.Infrastructure;

namespace CreditLedger.Api.Usage;

/// <summary>The result of recording one usage event: a response to send, or a problem; never both.</summary>
public sealed record UsageOutcome(int Status, UsageResponse? Response, string? ReplayJson, ProblemSpec? Problem)
{
    public static UsageOutcome Created(UsageResponse response) => new(201, response, null, null);

    public static UsageOutcome Replayed(string json) => new(200, null, json, null);

    public static UsageOutcome Failed(ProblemSpec problem) => new(problem.Status, null, null, problem);

    public IResult ToResult() => Problem is not null
        ? Problem.ToResult()
        : ReplayJson is not null
            ? new StoredJsonResult(200, ReplayJson, replayed: true)
            : TypedResults.Created((string?)null, Response);
}
