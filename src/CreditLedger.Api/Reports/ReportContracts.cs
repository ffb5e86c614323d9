namespace CreditLedger.Api.Reports;

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
