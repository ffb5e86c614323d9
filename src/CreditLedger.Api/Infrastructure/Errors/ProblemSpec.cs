using CreditLedger.Api.Engine.Limits;
using CreditLedger.Rules;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>
/// The one vocabulary of the service's problems: each contract error's status, type, title and detail, as data.
/// Single requests answer it as a typed result (<see cref="Problems"/>), batch results embed it; the text is the
/// same either way.
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

    public static ProblemSpec InsufficientCredits(Shortfall shortfall) =>
        new(402, ProblemTypes.InsufficientCredits, "Insufficient credits",
            $"Not enough {shortfall.Currency.ToWire()}: {Money.Normalize(shortfall.Required)} required, " +
            $"{Money.Normalize(shortfall.Available)} available. Nothing was recorded; add credits and retry.",
            Extensions: new Dictionary<string, object?>
            {
                ["currency"] = shortfall.Currency.ToWire(),
                ["required"] = Money.Normalize(shortfall.Required),
                ["available"] = Money.Normalize(shortfall.Available),
            });

    public static ProblemSpec SpendLimitReached(LimitBreach breach) =>
        new(402, ProblemTypes.SpendLimitReached, "Spend limit reached",
            $"The {breach.Scope.ToWire()} '{breach.ScopeId}' may spend {Money.Normalize(breach.Available)} more {breach.Currency.ToWire()} " +
            $"this billing cycle; {Money.Normalize(breach.Required)} required. Nothing was recorded; raise the limit or wait for the next cycle.",
            Extensions: new Dictionary<string, object?>
            {
                ["currency"] = breach.Currency.ToWire(),
                ["required"] = Money.Normalize(breach.Required),
                ["available"] = Money.Normalize(breach.Available),
                ["limit"] = new Dictionary<string, string> { ["scope"] = breach.Scope.ToWire(), ["scopeId"] = breach.ScopeId },
            });

    public static ProblemSpec NotFound(string detail) => new(404, ProblemTypes.NotFound, "Not found", detail);

    public static ProblemSpec Conflict(string detail) => new(409, ProblemTypes.Conflict, "Conflict", detail);

    public static ProblemSpec Forbidden(string detail) => new(403, ProblemTypes.Forbidden, "Forbidden", detail);

    public static ProblemSpec Unauthorized(string detail) => new(401, ProblemTypes.Unauthorized, "Unauthorized", detail);

    public static ProblemSpec RateLimited(string detail) => new(429, ProblemTypes.RateLimited, "Rate limited", detail);

    /// <summary>The typed result of a problem without field errors.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblem() =>
        TypedResults.Problem(Detail, statusCode: Status, title: Title, type: Type, extensions: Extensions);

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
