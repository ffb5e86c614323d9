using CreditLedger.Api.Diagnostics;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CreditLedger.Api.Infrastructure.Observability;

/// <summary>
/// Metrics and traces through OpenTelemetry: ASP.NET Core, the runtime, Npgsql and the service's own
/// <c>CreditLedger</c> meter. <c>GET /metrics</c> serves them in Prometheus text (admin key); with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set they are also pushed over OTLP (docs/decisions/0006-libraries-and-observability.md).
/// Traces are recorded only then: with nowhere to send them, recording a span per request and per database command
/// was work on every event for nothing. (ASP.NET Core still starts its request activity, so trace ids in problems and
/// logs stay.)
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    public static void AddLedgerTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("creditledger"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql", ServiceMeter.MeterName)
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => context.Request.Path != MetricsPath)
                .AddNpgsql());
            telemetry.UseOtlpExporter();
        }
    }
}
