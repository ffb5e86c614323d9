using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Infrastructure.Http;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Reports;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Reports.Clay;

/// <summary>
/// Clay's "Credit Usage" reports in Clay's paths and shapes (<see cref="ClayReport"/>), over the same rollups as v1.
/// Ranges are <c>timeRange[startTime]</c>/<c>timeRange[endTime]</c>; filters <c>ownerIds[n]</c>, <c>integrations[n]</c>.
/// </summary>
public static class ClayEndpoints
{
    private static readonly RangeParameters TimeRange = new("timeRange[startTime]", "timeRange[endTime]");

    public static void MapClayEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/credit-reporting/{workspaceId:guid}/creditReportType").WithTags("Clay credit usage (v3)")
            .RequireWorkspaceAccess().RequireScope(Scopes.ReportsRead).RequireRateLimiting(RateLimiting.Expensive)
            .AddEndpointFilter<ReplicaFallbackFilter>();
        group.MapGet("/workspace", Workspace).WithName("clayGetWorkspaceCreditReport").WithMetadata(new IndexedQueryAttribute("ownerIds", "a user id of this workspace", "uuid"), new IndexedQueryAttribute("integrations", "an integration key")).Produces<ClayReport>()
            .WithSummary("Workspace / user-specific / integration-specific credit usage: root resources with their descendants as subentities.");
        group.MapGet("/integration", Integration).WithName("clayGetIntegrationCreditReport").WithMetadata(new IndexedQueryAttribute("integrations", "an integration key")).Produces<ClayReport>()
            .WithSummary("Integration credit usage: integrations with their services as subentities.");
        group.MapGet("/api", ApiKeys).WithName("clayGetApiKeyCreditReport").WithMetadata(new IndexedQueryAttribute("ownerIds", "a user id of this workspace", "uuid"), new IndexedQueryAttribute("integrations", "an integration key")).Produces<ClayReport>()
            .WithSummary("Credit usage by API key; usage recorded with the admin key is unattributed.");
        group.MapGet("/user", Users).WithName("clayGetUserCreditReport").WithMetadata(new IndexedQueryAttribute("ownerIds", "a user id of this workspace", "uuid")).Produces<ClayReport>().WithSummary("Credit usage by user (name = e-mail); usage without a user is unattributed.");
        app.MapClayDirectoryEndpoints();
    }

    public static Task<IResult> Workspace(
        Guid workspaceId, [AsParameters] ClayReportParameters parameters, HttpRequest request,
        ReadSource reads, CancellationToken ct) =>
        RunAsync(request, workspaceId, parameters, reads, new ReportShape(false, false, false, false, false, ByResource: true),
            async (context, rows) => ClayReportBuilder.Workspace(await context.ForestAsync(reads, ct), rows), ct);

    public static Task<IResult> Integration(
        Guid workspaceId, [AsParameters] ClayReportParameters parameters, HttpRequest request,
        ReadSource reads, CancellationToken ct) =>
        RunAsync(request, workspaceId, parameters, reads, new ReportShape(false, false, false, ByIntegration: true, ByService: true),
            async (_, rows) => ClayReportBuilder.Integrations(rows, await CatalogNames.IntegrationsAsync(reads, ct)), ct);

    public static Task<IResult> ApiKeys(
        Guid workspaceId, [AsParameters] ClayReportParameters parameters, HttpRequest request,
        ReadSource reads, CancellationToken ct) =>
        RunAsync(request, workspaceId, parameters, reads, new ReportShape(false, false, false, false, false, ByApiKey: true),
            async (_, rows) => ClayReportBuilder.Flat(rows, r => r.ApiKeyId?.ToString(),
                (await CatalogNames.ApiKeysAsync(reads, workspaceId, ct)).Select(k => (k.Id.ToString(), new ClayEntityInfo(k.Name, k.Revoked, "apiKey")))), ct);

    public static Task<IResult> Users(
        Guid workspaceId, [AsParameters] ClayReportParameters parameters, HttpRequest request,
        ReadSource reads, CancellationToken ct) =>
        RunAsync(request, workspaceId, parameters, reads, new ReportShape(false, false, ByUser: true, false, false),
            async (_, rows) => ClayReportBuilder.Flat(rows, r => r.UserId?.ToString(),
                (await CatalogNames.UsersAsync(reads, workspaceId, ct)).Select(u => (u.Id.ToString(), new ClayEntityInfo(u.Email, false, "user")))), ct);

    /// <summary>The v3 skeleton: filters (404 for unknown owners or integrations), then the v1 report context, rows and shape.</summary>
    private static async Task<IResult> RunAsync(
        HttpRequest request, Guid workspaceId, ClayReportParameters parameters, ReadSource reads, ReportShape shape,
        Func<ReportContext, List<ReportRow>, Task<ClayReport>> build, CancellationToken ct)
    {
        var (filters, problem) = await ClayFilters.ReadAsync(request, workspaceId, reads, ct);
        if (filters is null)
        {
            return problem!;
        }

        return await ReportContext.RunAsync(request, workspaceId, parameters.ToReportParameters(), reads, TimeRange, async context =>
        {
            var rows = await context.RowsAsync(reads, shape with { UserIds = filters.OwnerIds, Integrations = filters.Integrations }, null, ct);
            return context.Json(await build(context, rows));
        });
    }
}
