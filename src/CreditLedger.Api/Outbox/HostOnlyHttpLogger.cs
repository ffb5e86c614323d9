using Microsoft.Extensions.Http.Logging;

namespace CreditLedger.Api.Outbox;

/// <summary>
/// The webhook client's only request log: the receiver's host and port, never its path or query. Slack- and
/// Discord-style receivers carry their credential in the path, so the URL as a whole must not reach any log (the
/// client factory's own loggers, which write the full URL, are removed).
/// </summary>
public sealed partial class HostOnlyHttpLogger(ILogger<HostOnlyHttpLogger> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        Answered(logger, Authority(request), (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        NoAnswer(logger, Authority(request), exception.GetType().Name, elapsed.TotalMilliseconds);

    private static string Authority(HttpRequestMessage request) => request.RequestUri?.Authority ?? "(none)";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery to {Authority} answered {Status} in {ElapsedMs} ms")]
    private static partial void Answered(ILogger logger, string authority, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook delivery to {Authority} got no answer ({Error}) after {ElapsedMs} ms")]
    private static partial void NoAnswer(ILogger logger, string authority, string error, double elapsedMs);
}
