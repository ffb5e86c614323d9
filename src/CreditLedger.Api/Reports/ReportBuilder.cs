using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using CreditLedger.Api.Engine.Rollups;

namespace CreditLedger.Api.Reports;

/// <summary>Folds aggregated rows into report bodies: dense series, per-kind, per-user and per-integration totals.</summary>
public static class ReportBuilder
{
    public static UsageReport Usage(ReportQuery query, IReadOnlyList<Bucket> buckets, IReadOnlyList<ReportRow> rows)
    {
        var sums = new (decimal Actions, decimal DataCredits, long Events)[buckets.Count];
        foreach (var row in rows)
        {
            var index = row.Bucket!.Value - 1; // width_bucket numbers buckets from 1
            sums[index] = (sums[index].Actions + row.Actions, sums[index].DataCredits + row.DataCredits, sums[index].Events + row.Events);
        }

        var series = buckets.Select((b, i) => new SeriesPoint(b.Start, b.End, sums[i].Actions, sums[i].DataCredits, sums[i].Events)).ToList();
        var byKind = UsageKinds.All
            .Select(kind => rows.Where(r => r.Kind == kind).ToList())
            .Select((kindRows, i) => new KindUsage(UsageKinds.All[i], kindRows.Sum(r => r.Actions), kindRows.Sum(r => r.DataCredits), kindRows.Sum(r => r.Events)))
            .ToList();
        return new UsageReport(query.From, query.To, ReportQuery.GranularityName(query.Granularity), query.TimeZoneId,
            new UsageTotals(series.Sum(p => p.Actions), series.Sum(p => p.DataCredits), series.Sum(p => p.Events)), series, byKind);
    }

    public static IReadOnlyList<ServiceUsage> ByService(IReadOnlyList<ReportRow> rows, IEnumerable<string> catalogServices) =>
        catalogServices.Union(rows.Select(r => r.Service).OfType<string>())
            .Select(service =>
            {
                var serviceRows = rows.Where(r => r.Service == service).ToList();
                return new ServiceUsage(service, serviceRows.Sum(r => r.Actions), serviceRows.Sum(r => r.DataCredits),
                    serviceRows.Sum(r => r.Attempts), serviceRows.Sum(r => r.Successes));
            })
            .ToList();

    /// <summary>Every user of the workspace (zeros included), and usage without a user as userId null.</summary>
    public static UsersReport Users(ReportQuery query, IReadOnlyList<ReportRow> rows, IReadOnlyList<(Guid Id, string Email, string Name)> users)
    {
        var byUser = rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key ?? Guid.Empty, g => g.ToList());
        var items = users
            .Select(u => Item(u.Id, u.Email, u.Name, byUser.GetValueOrDefault(u.Id) ?? []))
            .OrderByDescending(i => i.Actions).ThenByDescending(i => i.DataCredits).ThenBy(i => i.Email, StringComparer.Ordinal)
            .ToList();
        if (byUser.TryGetValue(Guid.Empty, out var anonymous))
        {
            items.Add(Item(null, null, null, anonymous));
        }

        return new UsersReport(query.From, query.To,
            new UsageTotals(items.Sum(i => i.Actions), items.Sum(i => i.DataCredits), items.Sum(i => i.Events)), items);

        static UserUsage Item(Guid? id, string? email, string? name, List<ReportRow> rows) =>
            new(id, email, name, rows.Sum(r => r.Actions), rows.Sum(r => r.DataCredits), rows.Sum(r => r.Events));
    }

    /// <summary>Every catalog integration (zeros included), enrichment usage only.</summary>
    public static IntegrationsReport Integrations(ReportQuery query, IReadOnlyList<ReportRow> rows, IReadOnlyList<(string Key, string Name)> catalog)
    {
        var known = catalog.ToDictionary(c => c.Key, c => c.Name);
        var items = known.Keys.Union(rows.Select(r => r.Integration).OfType<string>())
            .Select(key =>
            {
                var keyRows = rows.Where(r => r.Integration == key).ToList();
                return new IntegrationUsage(key, known.GetValueOrDefault(key) ?? key, keyRows.Sum(r => r.Actions), keyRows.Sum(r => r.DataCredits),
                    keyRows.Sum(r => r.Events), keyRows.Sum(r => r.Attempts), keyRows.Sum(r => r.Successes));
            })
            .OrderByDescending(i => i.Attempts).ThenBy(i => i.Integration, StringComparer.Ordinal)
            .ToList();
        return new IntegrationsReport(query.From, query.To,
            new IntegrationTotals(items.Sum(i => i.Actions), items.Sum(i => i.DataCredits), items.Sum(i => i.Events),
                items.Sum(i => i.Attempts), items.Sum(i => i.Successes)),
            items);
    }
}
