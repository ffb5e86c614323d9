using Microsoft.AspNetCore.Http.HttpResults;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>Typed results of the contract's error cases, built from <see cref="ProblemSpec"/> (the texts live there).</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => ProblemSpec.NotFound(detail).ToProblem();

    public static ProblemHttpResult Conflict(string detail) => ProblemSpec.Conflict(detail).ToProblem();

    public static ProblemHttpResult Forbidden(string detail) => ProblemSpec.Forbidden(detail).ToProblem();

    public static ProblemHttpResult Unauthorized(string detail) => ProblemSpec.Unauthorized(detail).ToProblem();

    /// <summary>A 429 with its <c>Retry-After</c> header (whole seconds, at least 1), for every limit the service has.</summary>
    public static ProblemHttpResult RateLimited(HttpContext context, TimeSpan retryAfter, string detail)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemSpec.RateLimited($"{detail} Retry after {seconds} s.").ToProblem();
    }

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: ProblemSpec.ValidationDetail, title: ProblemSpec.ValidationTitle, type: ProblemTypes.Validation);
}
