using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CreditLedger.Api.Infrastructure;

/// <summary>
/// Turns exceptions into problem responses: unreadable input is the client's 400 (or 413), a database that
/// is away is 503 so clients retry, and only a genuine defect is 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Classify(exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Request failed with {Status}", problem.Status);
        }

        context.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == 503)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: 413 } => Problem(413, "Payload too large", "The request body exceeds the size limit.", ProblemTypes.PayloadTooLarge),
        BadHttpRequestException { StatusCode: 415 } bad => Problem(415, "Unsupported media type", bad.Message, ProblemTypes.UnsupportedMediaType),
        BadHttpRequestException bad => FromBadRequest(bad),
        JsonException json => InvalidJson(json),
        // System.Text.Json checks UTF-8 lazily inside raw values (metadata, batch events): reading one fails here.
        InvalidOperationException { InnerException: System.Text.DecoderFallbackException } => Validation("body", "The body is not valid UTF-8."),
        // EF Core wraps connection failures (InvalidOperationException "likely due to a transient failure").
        _ when DatabaseFailure(exception) is { } npgsql && IsDatabaseUnavailable(npgsql) =>
            Problem(503, "Service unavailable", "The ledger database is unavailable; retry shortly.", ProblemTypes.Unavailable),
        CreditLedger.Api.Usage.ServiceStoppingException =>
            Problem(503, "Service unavailable", exception.Message, ProblemTypes.Unavailable),
        TimeoutException or OperationCanceledException =>
            Problem(503, "Service unavailable", "The request could not be completed in time; retry shortly.", ProblemTypes.Unavailable),
        _ => Problem(500, "Internal error", "An unexpected error occurred.", ProblemTypes.Internal),
    };

    private static ValidationProblemDetails FromBadRequest(BadHttpRequestException bad) =>
        bad.InnerException is JsonException json
            ? InvalidJson(json)
            : Validation("body", bad.Message.Contains("no body was provided", StringComparison.Ordinal)
                ? "A JSON body is required."
                : bad.Message);

    private static ValidationProblemDetails InvalidJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        return Validation(field, "The value is not valid JSON for this field: " + (json.Message.Split(" Path:")[0]));
    }

    private static ValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 400,
            Title = "Validation failed",
            Detail = "The request is not valid; see errors.",
            Type = ProblemTypes.Validation,
        };

    private static ProblemDetails Problem(int status, string title, string detail, string type) =>
        new() { Status = status, Title = title, Detail = detail, Type = type };

    private static NpgsqlException? DatabaseFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is NpgsqlException npgsql)
            {
                return npgsql;
            }
        }

        return null;
    }

    internal static bool IsDatabaseUnavailable(NpgsqlException exception) =>
        exception.IsTransient || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" };
}
