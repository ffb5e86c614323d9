using System.Security.Cryptography;
using System.Text;
using CreditLedger.Api.Database;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Ledger;
using Microsoft.Net.Http.Headers;
using Npgsql;

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
    /// <summary>
    /// The skeleton of every report: open the context (parse, ETag), answer a validation problem or 304 at once,
    /// otherwise let <paramref name="report"/> load and shape the rows.
    /// </summary>
    public static async Task<IResult> RunAsync(
        HttpRequest request, Guid workspaceId, ReportParameters parameters, NpgsqlDataSource database, RangeParameters names,
        Func<ReportContext, Task<IResult>> report)
    {
        var (context, early) = await OpenAsync(request, workspaceId, parameters, database, names);
        return context is null ? early! : await report(context);
    }

    private static async Task<(ReportContext? Context, IResult? Early)> OpenAsync(
        HttpRequest request, Guid workspaceId, ReportParameters parameters, NpgsqlDataSource database, RangeParameters names)
    {
        await using var command = Sql.Command(database, """
            SELECT w.time_zone, h.last_sequence, h.usage_count,
                   (SELECT count(*) || '/' || coalesce(max(created_at)::text, '') FROM users WHERE workspace_id = w.id),
                   (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM integrations)
            FROM workspaces w JOIN workspace_heads h ON h.workspace_id = w.id WHERE w.id = $1
            """, workspaceId);
        await using var reader = await command.ExecuteReaderAsync(request.HttpContext.RequestAborted);
        await reader.ReadAsync(request.HttpContext.RequestAborted);
        var (timeZone, sequence, usageCount) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
        var catalogs = reader.GetString(3) + "|" + reader.GetString(4);

        var acceptsCsv = request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
        var p = parameters;
        var (query, errors) = ReportQuery.Parse(p.From, p.To, p.Granularity, p.TimeZone, p.Format, timeZone, acceptsCsv, names.From, names.To,
            request.HttpContext.RequestAborted);
        if (query is null)
        {
            return (null, Problems.Validation(errors));
        }

        var etag = ETagFor(workspaceId, $"{sequence}|{usageCount}|{catalogs}", request, query);
        var context = new ReportContext(workspaceId, query, etag);
        context.SetCacheHeaders(request.HttpContext.Response);
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
        {
            return (null, TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        return (context, null);
    }

    /// <summary>
    /// The query's usage in the shape asked for: bucketed by <paramref name="buckets"/>, or for the whole range
    /// when there are none (the range start then stands as the only bucket, so no edge piece is split off).
    /// </summary>
    public Task<List<ReportRow>> RowsAsync(NpgsqlDataSource database, ReportShape shape, IReadOnlyList<Rules.Bucket>? buckets, CancellationToken ct) =>
        RollupReader.LoadAsync(database, WorkspaceId, Query.From, Query.To, shape,
            buckets?.Select(b => b.Start).ToArray() ?? [Query.From], ct);

    /// <summary>JSON or CSV, as the client asked.</summary>
    public IResult Respond<T>(T report, Func<T, string, IResult> csv, string name) =>
        Query.Csv ? csv(report, $"{name}-{Query.From:yyyyMMdd}-{Query.To:yyyyMMdd}.csv") : TypedResults.Ok(report);

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
