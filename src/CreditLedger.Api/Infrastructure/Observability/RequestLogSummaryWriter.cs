using CreditLedger.Api.Engine;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Infrastructure.Observability;

/// <summary>
/// Writes the request log's summary lines: every <see cref="RequestLogOptions.SummaryInterval"/>, one line per
/// method, route and status counted in it, and a last one as the host stops, so no counted request goes unreported.
/// </summary>
public sealed class RequestLogSummaryWriter(RequestLogSummary summary, IOptions<RequestLogOptions> options, Serilog.ILogger logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SummaryInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        await PeriodicWork.RunAsync(interval, _ =>
        {
            Write();
            return Task.CompletedTask;
        }, e => logger.Error(e, "Writing the request log summary failed"), stoppingToken);
        Write();
    }

    /// <summary>Writes what was counted since the last lines (also for tests, which cannot wait for an interval).</summary>
    public void Write()
    {
        foreach (var t in summary.Drain())
        {
            // The route's pattern, never its values: no workspace id and no query string, as in every request line.
            logger.Information("HTTP {RequestMethod:l} {RequestRoute:l} responded {StatusCode} {RequestCount} times (mean {MeanElapsed:0.0} ms, max {MaxElapsed:0.0} ms)",
                t.Method, t.Route, t.Status, t.Count, t.MeanMs, t.MaxMs);
        }
    }
}

/// <summary>
/// The request log (<c>CreditLedger:Logging</c>). <see cref="SummaryInterval"/>: how often the ingest routes'
/// successful requests are summarized; zero logs each of them on its own line instead.
/// </summary>
public sealed class RequestLogOptions
{
    public const string Section = "CreditLedger:Logging";

    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromSeconds(10);
}
