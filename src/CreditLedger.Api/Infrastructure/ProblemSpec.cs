using CreditLedger.Rules;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Infrastructure;

/// <summary>
/// A problem described as data, for paths that answer many items at once (batch results) as well as single
/// requests: the same type, title, detail and extensions either way.
/// </summary>
public sealed record ProblemSpec(
    int Status, string Type, string Title, string Detail,
    IDictionary<string, string[]>? Errors = null, IDictionary<string, object?>? Extensions = null)
{
    public static ProblemSpec Validation(string field, string message) =>
        new(400, ProblemTypes.Validation, "Validation failed", "The request is not valid; see errors.",
            new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemSpec Validation(IDictionary<string, string[]> errors) =>
        new(400, ProblemTypes.Validation, "Validation failed", "The request is not valid; see errors.", errors);

    public static ProblemSpec IdempotencyConflict(string key) =>
        new(409, ProblemTypes.IdempotencyConflict, "Idempotency key reused",
            $"The idempotency key '{key}' was already used with a different request body.");

    public static ProblemSpec InsufficientCredits(Shortfall shortfall)
    {
        var problem = Problems.InsufficientCredits(shortfall).ProblemDetails;
        return new(402, ProblemTypes.InsufficientCredits, problem.Title!, problem.Detail!, null, problem.Extensions);
    }

    public IResult ToResult() => Errors is not null
        ? TypedResults.ValidationProblem(Errors, Detail, title: Title, type: Type)
        : TypedResults.Problem(Detail, statusCode: Status, title: Title, type: Type, extensions: Extensions);

    /// <summary>The RFC 9457 body, for embedding in a batch result.</summary>
    public ProblemDetails ToDetails(string traceId)
    {
        var details = Errors is not null
            ? new ValidationProblemDetails(Errors) { Status = Status, Type = Type, Title = Title, Detail = Detail }
            : new ProblemDetails { Status = Status, Type = Type, Title = Title, Detail = Detail };
        foreach (var (key, value) in Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        details.Extensions["traceId"] = traceId;
        return details;
    }
}
