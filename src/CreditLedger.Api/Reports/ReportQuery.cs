using CreditLedger.Api.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Reports;

/// <summary>A validated report request: a half-open UTC range, calendar granularity and time zone.</summary>
public sealed record ReportQuery(DateTimeOffset From, DateTimeOffset To, Granularity Granularity, string TimeZoneId, TimeZoneInfo Zone, bool Csv)
{
    public const int MaxDays = 366;

    /// <summary>The calendar buckets of the range, built once when the query is parsed (always at most 8,785).</summary>
    public IReadOnlyList<Bucket> Buckets { get; private init; } = [];

    public static string GranularityName(Granularity granularity) => granularity.ToString().ToLowerInvariant();

    /// <summary>Parses the query string; errors name the parameters as the client sent them.</summary>
    public static (ReportQuery? Query, Dictionary<string, string[]> Errors) Parse(
        string? from, string? to, string? granularity, string? timeZone, string? format, string workspaceTimeZone,
        bool acceptsCsv, string fromName = "from", string toName = "to", CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Instant(from, fromName, errors);
        var end = Instant(to, toName, errors);
        var unit = Granularity.Day;
        if (granularity is not null && !TryGranularity(granularity, out unit))
        {
            errors["granularity"] = ["Must be 'hour', 'day', 'week' or 'month'."];
        }

        var zoneId = timeZone ?? workspaceTimeZone;
        if (!TimeZones.TryFind(zoneId, out var zone))
        {
            errors["timeZone"] = ["Must be an IANA time zone such as 'UTC' or 'America/New_York'."];
        }

        if (format is not null and not ("csv" or "json"))
        {
            errors["format"] = ["Must be 'csv' or 'json'."];
        }

        if (start is not null && end is not null)
        {
            if (start >= end)
            {
                errors[fromName] = [$"Must be before '{toName}'."];
            }
            else if (end.Value - start.Value > TimeSpan.FromDays(MaxDays))
            {
                errors[toName] = [$"The range may span at most {MaxDays} days."];
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        try
        {
            var buckets = ReportBuckets.Build(start!.Value, end!.Value, unit, zone, ct);
            return (new ReportQuery(start.Value, end.Value, unit, zoneId, zone, format == "csv" || (format is null && acceptsCsv)) { Buckets = buckets }, errors);
        }
        catch (TooManyBucketsException e)
        {
            errors["granularity"] = [e.Message + " Choose a coarser granularity or a shorter range."];
            return (null, errors);
        }
    }

    private static DateTimeOffset? Instant(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[name] = ["Required: an ISO-8601 timestamp such as 2026-11-01T00:00:00Z."];
            return null;
        }

        if (!Instants.TryParse(value, out var instant) || instant.Year is < 2000 or > 2999)
        {
            errors[name] = [$"Not an ISO-8601 timestamp such as {Instants.Example} (years 2000-2999)."];
            return null;
        }

        return instant;
    }

    private static bool TryGranularity(string value, out Granularity granularity)
    {
        granularity = value switch { "hour" => Granularity.Hour, "week" => Granularity.Week, "month" => Granularity.Month, _ => Granularity.Day };
        return value is "hour" or "day" or "week" or "month";
    }
}
