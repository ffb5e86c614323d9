using System.Security.Cryptography;
using System.Text;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Microsoft.Net.Http.Headers;
using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Engine.Rollups;
using CreditLedger.Api.Engine.Resources;

namespace CreditLedger.Api.Reports;

/// <summary>
/// The common part of every report request: the query parsed against the workspace's default time zone,
/// and a strong ETag derived from everything a report body depends on — the workspace's ledger position and
/// usage count, its users (names and e-mails appear in the users report) and the integration catalog (names
/// appear in the integration reports) — plus the query, so a dashboard polling with If-None-Match gets 304
/// until something it would see changes.
/// </summary>
public sealed record ReportContext(Guid WorkspaceId, ReportQuery Query, string ETag)
{
    /// <summary>The resource tree as it is now (loaded once per request, by the filter or the resource reports).</summary>
    public ResourceForest? Forest { get; private set; }

    /// <summary>The resourceId filter expanded to the node and its descendants; null when none was given.</summary>
    public string[]? ResourceFilter { get; private set; }

    public async Task<ResourceForest> ForestAsync(ReadSource reads, CancellationToken ct) =>
        Forest ??= new ResourceForest(await ResourceStore.LoadAllAsync(reads, WorkspaceId, ct));

    /// <summary>
    /// The skeleton of every report: open the context (parse, ETag), answer a validation problem or 304 at once,
    /// otherwise let <paramref name="report"/> load and shape the rows.
    /// </summary>
    public static async Task<IResult> RunAsync(
        HttpRequest request, Guid workspaceId, ReportParameters parameters, ReadSource reads, RangeParameters names,
        Func<ReportContext, Task<IResult>> report)
    {
        var (context, early) = await OpenAsync(request, workspaceId, parameters, reads, names);
        return context is null ? early! : await report(context);
    }

    private static async Task<(ReportContext? Context, IResult? Early)> OpenAsync(
        HttpRequest request, Guid workspaceId, ReportParameters parameters, ReadSource reads, RangeParameters names)
    {
        if (await ReportVersion.ReadAsync(reads, workspaceId, request.HttpContext.RequestAborted) is not var (timeZone, version))
        {
            return (null, Problems.NotFound("No such workspace."));
        }

        var acceptsCsv = request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        var p = parameters;
        var (query, errors) = ReportQuery.Parse(p.From, p.To, p.Granularity, p.TimeZone, p.Format, timeZone, acceptsCsv, names.From, names.To,
            request.HttpContext.RequestAborted);
        if (query is null)
        {
            return (null, Problems.Validation(errors));
        }

        if (p.ResourceId is { } malformed && !ResourceTree.IsValidId(malformed))
        {
            return (null, Problems.Validation("resourceId", ResourceTree.IdRule));
        }

        var etag = ETagFor(workspaceId, version, request, query);
        var context = new ReportContext(workspaceId, query, etag);
        var tags = request.Headers.IfNoneMatch.Where(v => v is not null).SelectMany(v => v!.Split(',')).Select(t => t.Trim()).ToList();
        // A poll with this exact ETag saw the same tree (the ETag covers it), so it is answered before the tree is read;
        // "*" matches only a report that exists, so an unknown resourceId is still 404 for it.
        if (tags.Contains(etag) || (tags.Contains("*") && p.ResourceId is null))
        {
            context.SetCacheHeaders(request.HttpContext.Response);
            return (null, TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        if (p.ResourceId is { } resourceId)
        {
            var forest = await context.ForestAsync(reads, request.HttpContext.RequestAborted);
            if (forest.Find(resourceId) is null)
            {
                return (null, Problems.NotFound($"No resource '{resourceId}' in this workspace."));
            }

            context.ResourceFilter = forest.SelfAndDescendants(resourceId);
        }

        context.SetCacheHeaders(request.HttpContext.Response);
        if (tags.Contains("*"))
        {
            return (null, TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        return (context, null);
    }

    /// <summary>
    /// The query's usage in the shape asked for: bucketed by <paramref name="buckets"/>, or for the whole range
    /// when there are none (the range start then stands as the only bucket, so no edge piece is split off).
    /// </summary>
    public Task<List<ReportRow>> RowsAsync(ReadSource reads, ReportShape shape, IReadOnlyList<Rules.Bucket>? buckets, CancellationToken ct) =>
        RollupReader.LoadAsync(reads, WorkspaceId, Query.From, Query.To, shape with { ResourceIds = ResourceFilter ?? shape.ResourceIds },
            buckets?.Select(b => b.Start).ToArray() ?? [Query.From], ct);

    /// <summary>JSON or CSV, as the client asked.</summary>
    public IResult Respond<T>(T report, Func<T, string, IResult> csv, string name) =>
        Query.Csv ? csv(report, $"{name}-{Query.From:yyyyMMdd}-{Query.To:yyyyMMdd}.csv") : Json(report);

    /// <summary>
    /// The report as JSON. One shaped by the resource tree nests two levels per tree level (a node and its children),
    /// so it is written with a depth limit that fits the tree it was built from, whatever its depth.
    /// </summary>
    public IResult Json<T>(T report) =>
        Forest is { } forest ? TypedResults.Json(report, JsonSetup.ForNesting(2 * forest.Height + 8)) : TypedResults.Ok(report);

    private void SetCacheHeaders(HttpResponse response)
    {
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = "private, max-age=0, must-revalidate";
        response.Headers.Vary = HeaderNames.Accept;
    }

    private static string ETagFor(Guid workspaceId, string version, HttpRequest request, ReportQuery query)
    {
        var key = string.Join('|', workspaceId, version, request.Path.Value, query.From.UtcTicks, query.To.UtcTicks,
            query.Granularity, query.TimeZoneId, query.Csv, request.QueryString.Value);
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "\"";
    }
}
