using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using CreditLedger.Api.Reports.Balance;
using CreditLedger.Api.Reports.Forecast;
using CreditLedger.Api.Reports.Value;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Reports;

/// <summary>What the range's query parameters are called: from/to in v1, Clay's timeRange[…] in v3.</summary>
public sealed record RangeParameters(string From, string To)
{
    public static readonly RangeParameters V1 = new("from", "to");
}

public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var workspace = app.MapGroup("/v1/workspaces/{workspaceId:guid}").WithTags("Reports").RequireWorkspaceAccess().RequireScope(Scopes.ReportsRead)
            .RequireRateLimiting(RateLimiting.Expensive).AddEndpointFilter<ReplicaFallbackFilter>();
        workspace.MapGet("/forecast", ForecastEndpoints.GetForecast).WithName("getForecast")
            .WithSummary("When each currency runs out at the last 7 days' net burn, and whether that is before the cycle ends.");
        workspace.MapGet("/reports/balance", BalanceReportEndpoints.GetBalanceHistory).WithName("getBalanceReport").Produces<BalanceReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("The available balance per currency at the end of each calendar bucket of [from, to), from the ledger's running balances.");
        workspace.MapGet("/reports/value", ValueReportEndpoints.GetValueReport).WithName("getValueReport").Produces<ValueReportResponse>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("What credit was worth over [from, to): granted, consumed, expired and voided in credits and in money, and what is outstanding now.");
        workspace.MapGet("/reports/usage", WorkspaceUsage).WithName("getUsageReport").Produces<UsageReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("Workspace usage over [from, to) in calendar buckets of the time zone: dense series, totals, by kind. CSV with format=csv.");
        workspace.MapGet("/reports/users", Users).WithName("getUsersReport").Produces<UsersReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("Usage per user over [from, to); usage without a user is listed with userId null.");
        workspace.MapGet("/users/{userId:guid}/reports/usage", UserUsage).WithName("getUserUsageReport").Produces<UsageReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One user's usage over [from, to), as the workspace usage report.");
        workspace.MapGet("/reports/integrations", Integrations).WithName("getIntegrationsReport").Produces<IntegrationsReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("Enrichment usage per integration over [from, to), with attempts and successes.");
        workspace.MapGet("/reports/resources", Resources).WithName("getResourcesReport").Produces<ResourcesReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("Usage by resource as the tree is now: each node includes its descendants; usage without a resource is unattributed.");
        workspace.MapGet("/integrations/{integrationKey}/reports/usage", IntegrationUsage).WithName("getIntegrationUsageReport").Produces<UsageReport>().Produces(StatusCodes.Status304NotModified)
            .WithSummary("One integration's usage over [from, to), with a per-service breakdown.");
    }

    public static async Task<IResult> WorkspaceUsage(
        Guid workspaceId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CancellationToken ct) =>
        await UsageReportAsync(request, workspaceId, null, parameters, reads, RangeParameters.V1, ct);

    public static async Task<IResult> UserUsage(
        Guid workspaceId, Guid userId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CancellationToken ct) =>
        await UsageReportAsync(request, workspaceId, userId, parameters, reads, RangeParameters.V1, ct);

    public static async Task<IResult> IntegrationUsage(
        Guid workspaceId, string integrationKey, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads,
        CancellationToken ct) =>
        await IntegrationUsageAsync(request, workspaceId, integrationKey, parameters, reads, RangeParameters.V1, ct);

    internal static async Task<IResult> UsageReportAsync(
        HttpRequest request, Guid workspaceId, Guid? userId, ReportParameters parameters, ReadSource reads, RangeParameters names,
        CancellationToken ct)
    {
        if (userId is { } user && !await CatalogNames.UserExistsAsync(reads, workspaceId, user, ct))
        {
            return Problems.NotFound("No such user in this workspace.");
        }

        return await ReportContext.RunAsync(request, workspaceId, parameters, reads, names, async context =>
        {
            var buckets = context.Query.Buckets;
            var rows = await context.RowsAsync(reads,
                new ReportShape(ByTime: true, ByKind: true, ByUser: false, ByIntegration: false, ByService: false, UserId: userId), buckets, ct);
            return context.Respond(ReportBuilder.Usage(context.Query, buckets, rows), ReportCsv.Usage, userId is null ? "usage" : "user-usage");
        });
    }

    internal static async Task<IResult> IntegrationUsageAsync(
        HttpRequest request, Guid workspaceId, string integrationKey, ReportParameters parameters, ReadSource reads,
        RangeParameters names, CancellationToken ct)
    {
        var services = await CatalogNames.ServicesAsync(reads, integrationKey, ct);
        if (services is null)
        {
            return Problems.NotFound($"No integration '{integrationKey}'.");
        }

        return await ReportContext.RunAsync(request, workspaceId, parameters, reads, names, async context =>
        {
            var buckets = context.Query.Buckets;
            var rows = await context.RowsAsync(reads,
                new ReportShape(ByTime: true, ByKind: true, ByUser: false, ByIntegration: false, ByService: true, Integration: integrationKey, EnrichmentOnly: true),
                buckets, ct);
            var report = ReportBuilder.Usage(context.Query, buckets, rows) with { ByService = ReportBuilder.ByService(rows, services) };
            return context.Respond(report, ReportCsv.Usage, $"{integrationKey}-usage");
        });
    }

    public static async Task<IResult> Users(
        Guid workspaceId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CancellationToken ct)
    {
        return await ReportContext.RunAsync(request, workspaceId, parameters, reads, RangeParameters.V1, async context =>
        {
            var rows = await context.RowsAsync(reads,
                new ReportShape(ByTime: false, ByKind: false, ByUser: true, ByIntegration: false, ByService: false), null, ct);
            var report = ReportBuilder.Users(context.Query, rows, await CatalogNames.UsersAsync(reads, workspaceId, ct));
            return context.Respond(report, ReportCsv.Users, "users");
        });
    }

    public static async Task<IResult> Resources(
        Guid workspaceId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CancellationToken ct)
    {
        return await ReportContext.RunAsync(request, workspaceId, parameters, reads, RangeParameters.V1, async context =>
        {
            var forest = await context.ForestAsync(reads, ct);
            var rows = await context.RowsAsync(reads,
                new ReportShape(ByTime: false, ByKind: false, ByUser: false, ByIntegration: false, ByService: false, ByResource: true), null, ct);
            var report = ResourceReportBuilder.Build(context.Query, forest, rows, parameters.ResourceId);
            return context.Respond(report, ReportCsv.Resources, "resources");
        });
    }

    public static async Task<IResult> Integrations(
        Guid workspaceId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CancellationToken ct)
    {
        return await ReportContext.RunAsync(request, workspaceId, parameters, reads, RangeParameters.V1, async context =>
        {
            var rows = await context.RowsAsync(reads,
                new ReportShape(ByTime: false, ByKind: false, ByUser: false, ByIntegration: true, ByService: false, EnrichmentOnly: true), null, ct);
            var report = ReportBuilder.Integrations(context.Query, rows, await CatalogNames.IntegrationsAsync(reads, ct));
            return context.Respond(report, ReportCsv.Integrations, "integrations");
        });
    }
}
