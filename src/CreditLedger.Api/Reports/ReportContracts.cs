using System.ComponentModel.DataAnnotations;
using CreditLedger.Api.Json;
using Microsoft.AspNetCore.Mvc;

namespace CreditLedger.Api.Reports;

/// <summary>
/// The query of every report: a half-open range [from, to), calendar granularity, IANA time zone, format. [Required] marks
/// the document only; the values are bound as text so that a missing or bad one gets the service's own 400 naming it.
/// </summary>
/// <param name="From">Start of the range, ISO-8601 with any offset (inclusive).</param>
/// <param name="To">End of the range (exclusive); at most 366 days after from.</param>
/// <param name="Granularity">hour, day (default), week (Monday) or month.</param>
/// <param name="TimeZone">IANA time zone of the buckets; default the workspace's.</param>
/// <param name="Format">json (default) or csv; Accept: text/csv also gives CSV.</param>
/// <param name="ResourceId">Only usage on this resource or its descendants (the tree as it is now).</param>
public sealed record ReportParameters(
    [FromQuery(Name = "from")][Required] string? From,
    [FromQuery(Name = "to")][Required] string? To,
    [FromQuery(Name = "granularity")] string? Granularity,
    [FromQuery(Name = "timeZone")] string? TimeZone,
    [FromQuery(Name = "format")] string? Format,
    [FromQuery(Name = "resourceId")] string? ResourceId = null);

/// <summary>Clay's names for the same query.</summary>
public sealed record ClayReportParameters(
    [FromQuery(Name = "timeRange[startTime]")][Required] string? StartTime,
    [FromQuery(Name = "timeRange[endTime]")][Required] string? EndTime,
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
[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-11-03T00:00:00Z","granularity":"day","timeZone":"UTC","totals":{"actions":42,"dataCredits":20.5,"events":44},"series":[{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","actions":10,"dataCredits":5,"events":11},{"start":"2026-11-02T00:00:00Z","end":"2026-11-03T00:00:00Z","actions":32,"dataCredits":15.5,"events":33}],"byKind":[{"kind":"enrichment","actions":40,"dataCredits":20.5,"events":42},{"kind":"ai_call","actions":2,"dataCredits":0,"events":2}],"byService":null}""")]
public sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, string Granularity, string TimeZone, UsageTotals Totals,
    IReadOnlyList<SeriesPoint> Series, IReadOnlyList<KindUsage> ByKind)
{
    /// <summary>Only in an integration's usage report.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ServiceUsage>? ByService { get; init; }
}

public sealed record UserUsage(Guid? UserId, string? Email, string? Name, decimal Actions, decimal DataCredits, long Events);

[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","totals":{"actions":42,"dataCredits":20.5,"events":44},"items":[{"userId":"0193a6f2-5b1e-7c3d-9a41-2f6b8c0d1001","email":"ada@example.com","name":"Ada Lovelace","actions":40,"dataCredits":20.5,"events":42},{"userId":null,"email":null,"name":null,"actions":2,"dataCredits":0,"events":2}]}""")]
public sealed record UsersReport(DateTimeOffset From, DateTimeOffset To, UsageTotals Totals, IReadOnlyList<UserUsage> Items);

public sealed record IntegrationTotals(decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes);

public sealed record IntegrationUsage(
    string Integration, string Name, decimal Actions, decimal DataCredits, long Events, long Attempts, long Successes);

[OpenApiExample("""{"from":"2026-11-01T00:00:00Z","to":"2026-12-01T00:00:00Z","totals":{"actions":240,"dataCredits":123,"events":250,"attempts":250,"successes":120},"items":[{"integration":"leadmagic","name":"LeadMagic","actions":240,"dataCredits":123,"events":250,"attempts":250,"successes":120}]}""")]
public sealed record IntegrationsReport(DateTimeOffset From, DateTimeOffset To, IntegrationTotals Totals, IReadOnlyList<IntegrationUsage> Items);
