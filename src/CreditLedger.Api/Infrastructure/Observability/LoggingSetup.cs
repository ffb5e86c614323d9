using Serilog;
using Serilog.Events;
using Serilog.Settings.Configuration;
using CreditLedger.Api.Infrastructure.Http;

namespace CreditLedger.Api.Infrastructure.Observability;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog with sinks and levels from configuration: the <c>Serilog</c> section (compact JSON, for machines) or
    /// the one <c>CreditLedger:Logging:Section</c> names (<c>SerilogReadable</c> in Development and, from scripts/run.sh,
    /// at a terminal). With <c>CreditLedger:Logging:ForwardToProviders</c> events also reach other logging providers,
    /// so tests can capture them. The static
    /// <c>Log.Logger</c> is left alone: everything logs through this host's logger.
    /// </summary>
    public static void AddLedgerLogging(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration["CreditLedger:Logging:Section"] ?? "Serilog";
        // Forwarding every event to other logging providers costs a little per event; only tests listen there.
        var forward = builder.Configuration.GetValue("CreditLedger:Logging:ForwardToProviders", false);
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<RequestLogOptions>().Bind(builder.Configuration.GetSection(RequestLogOptions.Section));
        builder.Services.AddSingleton<RequestLogSummary>();
        builder.Services.AddSingleton<RequestLogSummaryWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RequestLogSummaryWriter>());
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration, new ConfigurationReaderOptions { SectionName = section })
                .ReadFrom.Services(services)
                .Enrich.FromLogContext(),
            preserveStaticLogger: true,
            writeToProviders: forward);
        CategoryCachingLoggerFactory.Decorate(builder.Services);
    }

    /// <summary>
    /// One line per request: method, path (never the query string, never a header, so no key), status and time,
    /// with the workspace and key that made it; the ingest routes' successful requests are summarized instead
    /// (<see cref="RequestLogSummary"/>).
    /// </summary>
    public static void UseLedgerRequestLogging(this WebApplication app) => app.UseSerilogRequestLogging(options =>
    {
        // This host's logger, not the static one: several hosts in one process (the tests) each keep their own lines.
        options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        options.MessageTemplate = "HTTP {RequestMethod:l} {RequestPath:l} responded {StatusCode} in {Elapsed:0.0} ms";
        // The ingest routes' successes are counted for the summary lines and logged one by one only at Debug.
        var summary = app.Services.GetRequiredService<RequestLogSummary>();
        options.GetLevel = (context, elapsedMs, exception) =>
            exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
            : summary.TryCount(context, elapsedMs) ? LogEventLevel.Debug
            : LogEventLevel.Information;
        options.EnrichDiagnosticContext = (diagnostics, context) =>
        {
            if (context.Features.Get<Caller>() is { } caller)
            {
                diagnostics.Set("WorkspaceId", caller.WorkspaceId);
                diagnostics.Set("KeyId", caller.KeyId);
                diagnostics.Set("Admin", caller.IsAdmin);
            }
        };
    });
}
