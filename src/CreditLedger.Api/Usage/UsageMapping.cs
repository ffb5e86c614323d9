using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Usage;

/// <summary>From the engine's result to the HTTP answer (the request reaches the engine as it was bound, an <see cref="IUsageEvent"/>).</summary>
public static class UsageMapping
{
    /// <summary>The stored response JSON of a recorded or replayed event; null for a refusal.</summary>
    public static byte[]? Json(this EngineResult<UsageRecorded> result) => result switch
    {
        EngineResult<UsageRecorded>.Done done => done.Value.Json,
        EngineResult<UsageRecorded>.Replayed replayed => replayed.Json,
        _ => null,
    };

    /// <summary>The contract's problem for a refused event; null when it was recorded or replayed.</summary>
    public static ProblemSpec? Problem(this EngineResult<UsageRecorded> result) =>
        result is EngineResult<UsageRecorded>.Refused refused ? refused.Refusal.ToProblem() : null;

    public static IResult ToResult(this EngineResult<UsageRecorded> result) =>
        result.ToResult((recorded, _) => new StoredJsonResult(StatusCodes.Status201Created, recorded.Json, replayed: false));
}
