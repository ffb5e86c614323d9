using System.Diagnostics;

namespace CreditLedger.Api.Infrastructure;

/// <summary>
/// One structured line per request: method, path, status, elapsed and trace id. Only the path is logged,
/// never the query string or headers, so API keys cannot leak into logs.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var status = context.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            if (logger.IsEnabled(level))
            {
                Log(context, status, elapsed, level);
            }
        }
    }

    private void Log(HttpContext context, int status, double elapsed, LogLevel level) =>
        logger.Log(
            level,
            "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms (trace {TraceId})",
            context.Request.Method, context.Request.Path.Value, status, elapsed,
            Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier);
}
