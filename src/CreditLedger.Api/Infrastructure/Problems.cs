using CreditLedger.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Infrastructure;

/// <summary>Typed problem results for the contract's error cases.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: 404, title: "Not found", type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: 409, title: "Conflict", type: ProblemTypes.Conflict);

    public static ProblemHttpResult IdempotencyConflict(string key) =>
        TypedResults.Problem(
            $"The idempotency key '{key}' was already used with a different request body.",
            statusCode: 409, title: "Idempotency key reused", type: ProblemTypes.IdempotencyConflict);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: 403, title: "Forbidden", type: ProblemTypes.Forbidden);

    public static ProblemHttpResult InsufficientCredits(Shortfall shortfall) =>
        TypedResults.Problem(
            $"Not enough {shortfall.Currency.ToWire()}: {Money.Normalize(shortfall.Required)} required, " +
            $"{Money.Normalize(shortfall.Available)} available. Nothing was recorded; add credits and retry.",
            statusCode: 402, title: "Insufficient credits", type: ProblemTypes.InsufficientCredits,
            extensions: new Dictionary<string, object?>
            {
                ["currency"] = shortfall.Currency.ToWire(),
                ["required"] = Money.Normalize(shortfall.Required),
                ["available"] = Money.Normalize(shortfall.Available),
            });

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors, detail: "The request is not valid; see errors.", title: "Validation failed", type: ProblemTypes.Validation);
}
