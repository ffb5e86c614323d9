using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>
/// The one place the engine's refusals become the contract's problems: each <see cref="RefusalCode"/> has its status
/// and type here (the compiler refuses a switch that misses a named code; a test checks every value), and the
/// engine's results become HTTP answers.
/// </summary>
public static class RefusalMapping
{
#pragma warning disable CS8524 // Only named codes exist; an unnamed value is a bug that should throw.
    public static ProblemSpec ToProblem(this Refusal refusal) => refusal.Code switch
    {
        RefusalCode.UnknownWorkspace or RefusalCode.NotFound => ProblemSpec.NotFound(refusal.Detail),
        RefusalCode.UnknownReference or RefusalCode.TreeRuleBroken => ProblemSpec.Validation(refusal.Field!, refusal.Detail),
        RefusalCode.IdempotencyConflict => ProblemSpec.IdempotencyConflict(refusal.Detail),
        RefusalCode.InsufficientCredits => ProblemSpec.PaymentRequired(ProblemTypes.InsufficientCredits, "Insufficient credits", refusal.Detail,
            refusal.Shortfall!.Value.Currency, refusal.Shortfall.Value.Required, refusal.Shortfall.Value.Available),
        RefusalCode.SpendLimitReached => ProblemSpec.PaymentRequired(ProblemTypes.SpendLimitReached, "Spend limit reached", refusal.Detail,
            refusal.Breach!.Currency, refusal.Breach.Required, refusal.Breach.Available, refusal.Breach),
        RefusalCode.StateConflict => ProblemSpec.Conflict(refusal.Detail),
    };
#pragma warning restore CS8524

    /// <summary>The refusal of a result the caller knows was refused (not done, not replayed).</summary>
    public static Refusal RefusalOf<T>(this EngineResult<T> result) =>
        result is EngineResult<T>.Refused refused ? refused.Refusal : throw new InvalidOperationException($"{result.GetType().Name} is not a refusal.");

    /// <summary>A refusal without field errors as a typed problem (for handlers that declare their answers).</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblemResult(this Refusal refusal) => refusal.ToProblem().ToProblem();

    /// <summary>A refusal that names a request field as a typed validation problem.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem ToValidationResult(this Refusal refusal) =>
        Problems.Validation(refusal.Field!, refusal.Detail);

    /// <summary>The HTTP answer of a result: <paramref name="done"/>'s, the kept response replayed, or the refusal's problem.</summary>
    public static IResult ToResult<T>(this EngineResult<T> result, Func<T, bool, IResult> done) => result switch
    {
        EngineResult<T>.Done ok => done(ok.Value, ok.Created),
        EngineResult<T>.Replayed replayed => new StoredJsonResult(StatusCodes.Status200OK, replayed.Json, replayed: true),
        EngineResult<T>.Refused refused => refused.Refusal.ToProblem().ToResult(),
        _ => throw new InvalidOperationException($"Unknown result {result.GetType().Name}."),
    };

    /// <summary>The status a result answers with (a batch item's status).</summary>
    public static int Status<T>(this EngineResult<T> result) => result switch
    {
        EngineResult<T>.Done ok => ok.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
        EngineResult<T>.Replayed => StatusCodes.Status200OK,
        EngineResult<T>.Refused refused => refused.Refusal.ToProblem().Status,
        _ => throw new InvalidOperationException($"Unknown result {result.GetType().Name}."),
    };
}
