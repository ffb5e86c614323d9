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
    public const string ValidationTitle = "Validation failed";
    public const string ValidationDetail = "The request is not valid; see errors.";

    public static ProblemSpec Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemSpec Validation(IDictionary<string, string[]> errors) =>
        new(400, ProblemTypes.Validation, ValidationTitle, ValidationDetail, errors);

    /// <summary>The 402 of a refusal for credit or a limit: the engine's text, and the contract's fields beside it.</summary>
    public static ProblemSpec PaymentRequired(string type, string title, string detail, Currency currency, decimal required, decimal available,
        LimitBreach? breach = null)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["currency"] = currency.ToWire(),
            ["required"] = Money.Normalize(required),
            ["available"] = Money.Normalize(available),
        };
        if (breach is not null)
        {
            extensions["limit"] = new Dictionary<string, string> { ["scope"] = breach.Scope.ToWire(), ["scopeId"] = breach.ScopeId };
        }

        return new(402, type, title, detail, Extensions: extensions);
    }

    public static ProblemSpec IdempotencyConflict(string detail) => new(409, ProblemTypes.IdempotencyConflict, "Idempotency key reused", detail);

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
