using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Infrastructure.Observability;

/// <summary>
/// The ingest routes' successful requests, counted instead of logged one by one. At thousands of events a second a
/// log line per event cost about 14 % of the service's CPU per request and a third more allocations
/// (docs/performance.md); a tally per route and status, written as one line per interval by
/// <see cref="RequestLogSummaryWriter"/>, tells a log reader the same volume. Refusals (4xx) and failures are still
/// logged one by one, and at <c>Debug</c> every request is.
/// </summary>
public sealed class RequestLogSummary(IOptions<RequestLogOptions> options)
{
    private readonly bool enabled = options.Value.SummaryInterval > TimeSpan.Zero;
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), Tally> tallies = new();

    /// <summary>Counts the request when its route is summarized and it succeeded; true when counted.</summary>
    public bool TryCount(HttpContext context, double elapsedMs)
    {
        var status = context.Response.StatusCode;
        if (!enabled || status >= 400 || context.GetEndpoint() is not RouteEndpoint endpoint
            || endpoint.Metadata.GetMetadata<SummarizedRequestLog>() is null)
        {
            return false;
        }

        var tally = tallies.GetOrAdd((context.Request.Method, endpoint.RoutePattern.RawText ?? "", status), _ => new Tally());
        tally.Add(elapsedMs);
        return true;
    }

    /// <summary>What was counted since the last call, per method, route and status; the tallies start again at zero.</summary>
    public IReadOnlyList<RequestTally> Drain()
    {
        var drained = new List<RequestTally>();
        foreach (var ((method, route, status), tally) in tallies)
        {
            if (tally.Take() is var (count, totalMs, maxMs) && count > 0)
            {
                drained.Add(new RequestTally(method, route, status, count, totalMs / count, maxMs));
            }
        }

        return drained;
    }

    private sealed class Tally
    {
        private readonly Lock gate = new();
        private long count;
        private double totalMs;
        private double maxMs;

        public void Add(double elapsedMs)
        {
            lock (gate)
            {
                count++;
                totalMs += elapsedMs;
                maxMs = Math.Max(maxMs, elapsedMs);
            }
        }

        public (long Count, double TotalMs, double MaxMs) Take()
        {
            lock (gate)
            {
                var taken = (count, totalMs, maxMs);
                (count, totalMs, maxMs) = (0, 0, 0);
                return taken;
            }
        }
    }
}

/// <summary>Requests of one method, route and status in one interval: how many, their mean and longest time.</summary>
public sealed record RequestTally(string Method, string Route, int Status, long Count, double MeanMs, double MaxMs);

/// <summary>Endpoint metadata: this route's successful requests are summarized in the request log (<see cref="RequestLogSummary"/>).</summary>
public sealed class SummarizedRequestLog
{
    public static readonly SummarizedRequestLog Instance = new();

    private SummarizedRequestLog()
    {
    }
}
