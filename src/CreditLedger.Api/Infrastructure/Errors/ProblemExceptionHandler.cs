using System.Text.Json;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace CreditLedger.Api.Infrastructure.Errors;

/// <summary>
/// Turns exceptions into problem responses: unreadable input is the client's 400 (or 413), a database that
/// is away is 503 so clients retry, and only a genuine defect is 500.
/// A request's JSON is read by the endpoint's binding (which wraps what it cannot read in a
/// <see cref="BadHttpRequestException"/>) or by the service's own converters (<see cref="ClientJsonException"/>), so any
/// other <see cref="JsonException"/> arose while writing an answer: the service's fault, a logged 500, never the client's.
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
        BadHttpRequestException { StatusCode: 408 } => Problem(408, "Request timeout", "The request body arrived too slowly.", ProblemTypes.RequestTimeout),
        BadHttpRequestException bad => FromBadRequest(bad),
        ClientJsonException json => InvalidJson(json),
        // Defence in depth: a value the database cannot take is the client's, never a 500 (each class is also
        // refused earlier: text by StorableText, amounts by validators and the balance ceiling, duplicates by upserts).
        PostgresException { SqlState: "57014" } =>
            Problem(503, "Service unavailable", "The request took longer than the service allows; narrow it or retry later.", ProblemTypes.Unavailable),
        PostgresException { SqlState: "23505" } => Problem(409, "Conflict", "The resource already exists.", ProblemTypes.Conflict),
        PostgresException { SqlState: "22003" or "22P05" or "22021" or "54000" or "22001" } =>
            Validation("body", "A value is outside what the service can store."),
        // System.Text.Json checks UTF-8 lazily inside raw values (metadata, batch events): reading one fails here.
        InvalidOperationException { InnerException: System.Text.DecoderFallbackException } => Validation("body", "The body is not valid UTF-8."),
        // EF Core wraps connection failures (InvalidOperationException "likely due to a transient failure").
        _ when DatabaseFailure(exception) is { } npgsql && IsDatabaseUnavailable(npgsql) =>
            Problem(503, "Service unavailable", "The ledger database is unavailable; retry shortly.", ProblemTypes.Unavailable),
        CreditLedger.Api.Engine.ServiceStoppingException =>
            Problem(503, "Service unavailable", exception.Message, ProblemTypes.Unavailable),
        TimeoutException or OperationCanceledException =>
            Problem(503, "Service unavailable", "The request could not be completed in time; retry shortly.", ProblemTypes.Unavailable),
        _ => Problem(500, "Internal error", "An unexpected error occurred.", ProblemTypes.Internal),
    };

    private static ValidationProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return InvalidJson(json);
        }

        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return Validation("body", "A JSON body is required.");
        }

        return ClientErrors.BoundParameter(bad.Message) is { } parameter
            ? Validation(parameter, "The value is not valid for this parameter.")
            : Validation("body", "The request could not be read.");
    }

    private static ValidationProblemDetails InvalidJson(JsonException json)
    {
        var (field, message) = ClientErrors.FromJson(json);
        return Validation(field, message);
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

    /// <summary>
    /// Whether the database, not the request, failed: every error below the server's own (connecting, I/O, and a
    /// multi-host data source finding no primary during a failover, which Npgsql does not mark transient), a server
    /// shutting down, out of connections, or a primary that became a standby under an open connection.
    /// </summary>
    internal static bool IsDatabaseUnavailable(NpgsqlException exception) =>
        exception.IsTransient || exception is not PostgresException
        || exception is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" or "25006" };
}
