using CreditLedger.Api.Database.Replica;
using CreditLedger.Api.Engine;
using CreditLedger.Api.Infrastructure.Errors;
using CreditLedger.Api.Json;

namespace CreditLedger.Api.Reports.Balance;

public sealed record BalancePoint(DateTimeOffset Start, DateTimeOffset End, decimal Actions, decimal DataCredits);

[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-03T00:00:00Z","granularity":"day","timeZone":"UTC","series":[{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","actions":990,"dataCredits":495},{"start":"2026-11-02T00:00:00Z","end":"2026-11-03T00:00:00Z","actions":958,"dataCredits":412.5}]}""")]
public sealed record BalanceReport(DateTimeOffset From, DateTimeOffset To, string Granularity, string TimeZone, IReadOnlyList<BalancePoint> Series);

/// <summary>
/// How the available balance moved: per calendar bucket of the time zone, each currency's balance at the bucket's end,
/// from the ledger's own running balances (exact, whatever charged or granted it). The cycle boundary and due expiries
/// are applied first, so the last bucket shows what a balance read would.
/// </summary>
public static class BalanceReportEndpoints
{
    public static async Task<IResult> GetBalanceHistory(
        Guid workspaceId, [AsParameters] ReportParameters parameters, HttpRequest request, ReadSource reads, CreditEngine engine,
        CancellationToken ct)
    {
        if (parameters.ResourceId is not null)
        {
            return Problems.Validation("resourceId", "The balance is the workspace's; it is not kept per resource.");
        }

        if (parameters.Format == "csv")
        {
            return Problems.Validation("format", "The balance report is JSON only.");
        }

        await engine.CatchUpAsync(workspaceId, ct);
        return await ReportContext.RunAsync(request, workspaceId, parameters with { Format = parameters.Format ?? "json" }, reads, RangeParameters.V1, async context =>
        {
            var buckets = context.Query.Buckets;
            var balances = await BalanceHistory.AtAsync(reads, workspaceId, buckets.Select(b => b.End).ToList(), ct);
            var series = buckets.Select((b, i) => new BalancePoint(b.Start, b.End, balances[i].Actions, balances[i].DataCredits)).ToList();
            var query = context.Query;
            return context.Json(new BalanceReport(query.From, query.To, ReportQuery.GranularityName(query.Granularity), query.TimeZoneId, series));
        });
    }
}
