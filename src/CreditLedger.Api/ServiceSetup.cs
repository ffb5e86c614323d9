using CreditLedger.Api.Auth;
using CreditLedger.Api.Credits;
using CreditLedger.Api.Database;
using CreditLedger.Api.Enrichments;
using CreditLedger.Api.Estimates;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Json;
using CreditLedger.Api.Infrastructure.Observability;
using CreditLedger.Api.Infrastructure.OpenApi;
using CreditLedger.Api.Integrations;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Engine.Alerts;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Reports;
using CreditLedger.Api.Resources;
using CreditLedger.Api.SpendLimits;
using CreditLedger.Api.Usage;
using CreditLedger.Api.Webhooks;
using CreditLedger.Api.Workspaces;
using FluentValidation;
using Microsoft.AspNetCore.Rewrite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using CreditLedger.Api.LedgerEntries;
using CreditLedger.Api.Reports.Clay;
using CreditLedger.Api.Engine.Reservations;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api;

public static class ServiceSetup
{
    public static void AddCreditLedger(this WebApplicationBuilder builder)
    {
        builder.AddLedgerLogging();
        builder.AddLedgerTelemetry();
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().Bind(builder.Configuration.GetSection(EdgeOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EdgeOptions>, AdminKeyValidation>();
        services.AddOptions<EngineOptions>().Bind(builder.Configuration.GetSection(EngineOptions.Section))
            .Validate(o => o.GroupCommitWriters >= 1 && o.GroupCommitMaxEvents >= 1 && o.GroupCommitQueueCapacity >= 1
                && o.GroupCommitSlowLanes >= 0 && o.HoldTimeout > TimeSpan.Zero && o.HoldSweepInterval > TimeSpan.Zero
                && o.RollupFoldInterval > TimeSpan.Zero,
                "CreditLedger's group-commit sizes, hold timings and rollup fold interval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<AdminKeyDigest>();
        services.AddSingleton<INotificationSubscriber>(sp => sp.GetRequiredService<ApiKeyCache>());
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsage>());
        services.AddApiKeyAuth();
        services.AddSingleton<Usage.EventRateLimiter>();
        services.AddLedgerDatabase(builder.Configuration);
        services.AddHostedService<NotificationListener>();
        services.AddSingleton<LedgerSessionFactory>();
        services.AddSingleton<RefusalAlerts>();
        services.AddSingleton<HoldExpiryService>();
        services.AddHostedService(sp => sp.GetRequiredService<HoldExpiryService>());
        services.AddSingleton<UsageGroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageGroupCommitter>());
        services.AddSingleton<CreditEngine>();
        services.AddSingleton<RollupFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<RollupFolder>());
        services.AddSingleton<IntegrationCatalog>();
        services.AddWebhooks(builder.Configuration, builder.Environment);
        services.AddSingleton<GrantExpirySweep>();
        services.AddHostedService(sp => sp.GetRequiredService<GrantExpirySweep>());
        services.ConfigureHttpJsonOptions(o => JsonSetup.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddContractProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidatorsFromAssemblyContaining<EdgeOptions>(ServiceLifetime.Singleton);
        services.AddLedgerSwagger();
        services.AddKeyRateLimiting(builder.Configuration);
        services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(CorsOrigins(builder.Configuration)).AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("ETag", "Idempotent-Replayed", "Retry-After")));
        // Readiness asks the database on connections of its own, so load on the shared pools never starves it.
        services.AddHealthChecks().AddNpgSql(
            sp => sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(DatabaseSetup.Health), name: "database", tags: ["ready"],
            timeout: TimeSpan.FromSeconds(3));
    }

    /// <summary>The dashboard (its files and its redirect) and Swagger (the document and its UI).</summary>
    private static bool IsBrowserPath(PathString path) =>
        path.StartsWithSegments("/dashboard") || path.StartsWithSegments("/swagger");

    /// <summary>Origins allowed to call the API from a browser (<c>CreditLedger:Cors:AllowedOrigins</c>); none by default.</summary>
    private static string[] CorsOrigins(IConfiguration configuration) =>
        configuration.GetSection("CreditLedger:Cors:AllowedOrigins").Get<string[]>() ?? [];

    /// <summary>Applies migrations with the owner connection before the service takes traffic.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (app.Configuration.GetValue("CreditLedger:MigrateOnStart", true))
        {
            var applied = await MigrationRunner.ApplyAsync(DatabaseSetup.OwnerConnectionString(app.Configuration));
            app.Logger.LogInformation("Database migrations applied: {Migrations}", applied.Count == 0 ? "none pending" : string.Join(", ", applied));
        }
    }

    public static void UseCreditLedger(this WebApplication app)
    {
        // Outermost, so each line carries the status the client got (after exceptions became problems).
        app.UseLedgerRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<SecurityHeaders>();
        if (CorsOrigins(app.Configuration).Length > 0)
        {
            // Browsers may call the API cross-origin only from configured origins; by default there is no CORS.
            app.UseCors();
        }

        app.UseMiddleware<BodySizeLimit>();
        app.UseMiddleware<StorableTextGuard>();
        app.UseMiddleware<RequestBuffering>();
        // The browser's paths in a branch of their own, so API requests skip these five middlewares (Swagger's
        // resolves its document generator, a graph of services, on every request it sees).
        app.UseWhen(context => IsBrowserPath(context.Request.Path), browser =>
        {
            browser.UseRewriter(new RewriteOptions().AddRedirect("^dashboard$", "dashboard/"));
            browser.UseDefaultFiles();
            browser.UseStaticFiles();
            browser.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "dashboard-vendor")),
                RequestPath = "/dashboard/vendor",
            });
            // OpenAPI 3.1: the webhooks section and JSON Schema 2020-12 nullability that generators read precisely.
            browser.UseSwagger(o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1);
            browser.UseSwaggerUI(o => o.DocumentTitle = "CreditLedger API");
        });
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        // The Prometheus scrape endpoint, for the admin key only (no key 401, a workspace key 403).
        app.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath).RequireAuthorization(AuthSetup.AdminPolicy);

        app.MapCallerEndpoints();
        app.MapWorkspaceEndpoints();
        app.MapApiKeyEndpoints();
        app.MapUserEndpoints();
        app.MapResourceEndpoints();
        app.MapSpendLimitEndpoints();
        app.MapWebhookEndpoints();
        app.MapIntegrationEndpoints();
        app.MapCreditEndpoints();
        app.MapAutoTopUpEndpoints();
        app.MapUsageEndpoints();
        app.MapEnrichmentEndpoints();
        app.MapEstimateEndpoints();
        app.MapLedgerEntryEndpoints();
        app.MapReportEndpoints();
        app.MapClayEndpoints();
    }
}
