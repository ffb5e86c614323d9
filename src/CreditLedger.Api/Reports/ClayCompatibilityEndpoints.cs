using CreditLedger.Api.Auth;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Infrastructure.Http;
using Npgsql;

namespace CreditLedger.Api.Reports;

/// <summary>
/// Clay's credit-reporting routes, answering with the same bodies as the v1 reports:
/// <c>timeRange[startTime]</c>/<c>timeRange[endTime]</c> stand for from/to.
/// </summary>
public static class ClayCompatibilityEndpoints
{
    private static readonly RangeParameters TimeRange = new("timeRange[startTime]", "timeRange[endTime]");

    public static void MapClayCompatibilityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v3/credit-reporting/{workspaceId:guid}/creditReportType").WithTags("Reports (Clay-compatible)").RequireWorkspaceAccess()
            .RequireRateLimiting(RateLimiting.Expensive);
        group.MapGet("/workspace", Workspace).Produces<UsageReport>().WithSummary("Same as GET /v1/workspaces/{workspaceId}/reports/usage.");
        group.MapGet("/user", User).Produces<UsageReport>().WithSummary("Same as GET /v1/workspaces/{workspaceId}/users/{userId}/reports/usage.");
        group.MapGet("/integration", Integration).Produces<UsageReport>()
            .WithSummary("Same as GET /v1/workspaces/{workspaceId}/integrations/{integration}/reports/usage.");
    }

    public static Task<IResult> Workspace(
        Guid workspaceId, [AsParameters] ClayReportParameters parameters, HttpRequest request, [FromKeyedServices(DatabaseSetup.Reads)] NpgsqlDataSource database, CancellationToken ct) =>
        ReportEndpoints.UsageReportAsync(request, workspaceId, null, parameters.ToReportParameters(), database, TimeRange, ct);

    public static async Task<IResult> User(
        Guid workspaceId, string? userId, [AsParameters] ClayReportParameters parameters, HttpRequest request, [FromKeyedServices(DatabaseSetup.Reads)] NpgsqlDataSource database,
        CancellationToken ct) =>
        Guid.TryParse(userId, out var user)
            ? await ReportEndpoints.UsageReportAsync(request, workspaceId, user, parameters.ToReportParameters(), database, TimeRange, ct)
            : Problems.Validation("userId", "Required: the id of a user of the workspace.");

    public static async Task<IResult> Integration(
        Guid workspaceId, string? integration, [AsParameters] ClayReportParameters parameters, HttpRequest request, [FromKeyedServices(DatabaseSetup.Reads)] NpgsqlDataSource database,
        CancellationToken ct) =>
        string.IsNullOrEmpty(integration)
            ? Problems.Validation("integration", "Required: an integration key such as 'leadmagic'.")
            : await ReportEndpoints.IntegrationUsageAsync(request, workspaceId, integration, parameters.ToReportParameters(), database, TimeRange, ct);
}
