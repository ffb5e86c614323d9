using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Reports;

/// <summary>The query of every report: a half-open range [from, to), calendar granularity, IANA time zone, format.</summary>
/// <param name="From">Start of the range, ISO-8601 with any offset (inclusive).</param>
/// <param name="To">End of the range (exclusive); at most 366 days after from.</param>
/// <param name="Granularity">hour, day (default), week (Monday) or month.</param>
/// <param name="TimeZone">IANA time zone of the buckets; default the workspace's.</param>
/// <param name="Format">json (default) or csv; Accept: text/csv also gives CSV.</param>
/// <param name="ResourceId">Only usage on this resource or its descendants (the tree as it is now).</param>
public sealed record ReportParameters(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "granularity")] string? Granularity,
    [FromQuery(Name = "timeZone")] string? TimeZone,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "resourceId")] string? ResourceId = null);

/// <summary>Clay's names for the same query.</summary>
public sealed record ClayReportParameters(
    [FromQuery(Name = "timeRange[startTime]")] string? StartTime,
    [FromQuery(Name = "timeRange[endTime]")] string? EndTime,
    [FromQuery(Name = "granularity")] string? Granularity,
    [FromQuery(Name = "timeZone")] string? TimeZone,
    [FromQuery(Name = "format")] string? Format)
{
    public ReportParameters ToReportParameters() => new(StartTime, EndTime, Granularity, TimeZone, Format);
}

public sealed record UsageTotals(decimal Actions, decimal DataCredits, long Events);

public sealed record SeriesPoint(DateTimeOffset Start, DateTimeOffset End, decimal Actions, decimal DataCredits, long Events);

public sealed record KindUsage(string Kind, decimal Actions, decimal DataCredits, long Events);

public sealed record ServiceUsage(string Service, decimal Actions, decimal DataCredits, long Attempts, long Successes);

/// <summary>The usage report of a workspace, of one user, or (with byService) of one integration.</summary>
public sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, string Granularity, string TimeZone, UsageTotals Totals,
    IReadOnlyList<SeriesPoint> Series, IReadOnlyList<KindUsage> ByKind)
{
    /// <summary>Only in an integration's usage report.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ServiceUsage>? ByService { get; init; }
}

public sealed record UserUsage(Guid? UserId, string? Email, string? Name, decimal Actions, decimal DataCredits, long Events);

public sealed record UsersReport(DateTimeOffset From, DateTimeOffset To, UsageTotals Totals, IReadOnlyList<UserUsage> Items);

public sealed record IntegrationTotals(decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes);

public sealed record IntegrationUsage(
    string Integration, string Name, decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes);

public sealed record IntegrationsReport(DateTimeOffset From, DateTimeOffset To, IntegrationTotals Totals, IReadOnlyList<IntegrationUsage> Items);
