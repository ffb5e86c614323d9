using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CreditLedger.Bench;

/// <summary>
/// Latency of report requests over HTTP against a seeded service, one request at a time (what a dashboard
/// sees), next to the same aggregation run directly over the raw ledger facts (GROUP BY) in the same run.
/// </summary>
public static class ReportBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var requests = args.Number("requests", 400);
        var directRequests = args.Number("direct-requests", Math.Max(20, requests / 10)); // 0: HTTP only
        using var http = Http.Admin(args.Required("url"), args.Required("admin-key"), connections: 1);
        await using var database = NpgsqlDataSource.Create(args.Required("owner-connection"));
        var workspaces = await SeededWorkspacesAsync(http);
        var entries = (long)(await database.CreateCommand("SELECT count(*) FROM ledger_entries").ExecuteScalarAsync())!;
        Console.WriteLine($"Ledger: {entries:N0} entries over {workspaces.Length} workspaces");

        var now = DateTimeOffset.UtcNow;
        await WarmUpAsync(http, workspaces, now);
        Console.WriteLine("| report | over HTTP (rollups) | direct SQL over the raw ledger (GROUP BY) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, path, days, raw) in Cases)
        {
            var api = await MeasureAsync(requests, i => GetReportAsync(http, path, workspaces[i % workspaces.Length], now, days));
            var direct = directRequests == 0 ? null : await MeasureAsync(directRequests, async i =>
            {
                await using var command = database.CreateCommand(raw);
                command.Parameters.Add(new NpgsqlParameter { Value = workspaces[i % workspaces.Length] });
                command.Parameters.Add(new NpgsqlParameter { Value = now.AddDays(-days) });
                command.Parameters.Add(new NpgsqlParameter { Value = now });
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            Console.WriteLine($"| {name} | {api.Summary()} | {direct?.Summary() ?? "not measured"} |");
            Console.WriteLine($"RESULT report=\"{name}\" p95_ms={api.Percentile(95):0.00}");
        }

        return 0;
    }

    /// <summary>The reports measured: name, path ({w} the workspace, {f} and {t} the range's ends), days, raw SQL.</summary>
    internal static readonly (string Name, string Path, int Days, string RawSql)[] Cases =
    [
        ("30-day daily workspace usage report", "/v1/workspaces/{w}/reports/usage?granularity=day&from={f}&to={t}", 30, RawWorkspace),
        ("90-day integration usage report (leadmagic)", "/v1/workspaces/{w}/integrations/leadmagic/reports/usage?granularity=day&from={f}&to={t}", 90, RawIntegration),
        ("90-day integrations report", "/v1/workspaces/{w}/reports/integrations?from={f}&to={t}", 90, RawIntegrations),
        ("30-day resources report (65-node tree)", "/v1/workspaces/{w}/reports/resources?from={f}&to={t}", 30, RawResources),
        ("30-day Clay workspace report (v3)", "/v3/credit-reporting/{w}/creditReportType/workspace?timeRange[startTime]={f}&timeRange[endTime]={t}", 30, RawResources),
        ("30-day daily balance history", "/v1/workspaces/{w}/reports/balance?granularity=day&from={f}&to={t}", 30, RawDailyBalance),
        ("7-day hourly balance history", "/v1/workspaces/{w}/reports/balance?granularity=hour&from={f}&to={t}", 7, RawHourlyBalance),
        ("30-day value report", "/v1/workspaces/{w}/reports/value?from={f}&to={t}", 30, RawValue),
        ("30-day users report (user rollups)", "/v1/workspaces/{w}/reports/users?from={f}&to={t}", 30, RawUsers),
    ];

    /// <summary>
    /// The service warms up on every report first (JIT tiers, pools, the database's caches), as a service that has been
    /// answering dashboards would be; otherwise the first report measured pays for all of them.
    /// </summary>
    internal static async Task WarmUpAsync(HttpClient http, Guid[] workspaces, DateTimeOffset now)
    {
        foreach (var (_, path, days, _) in Cases)
        {
            for (var i = 0; i < 50; i++)
            {
                await GetReportAsync(http, path, workspaces[i % workspaces.Length], now, days);
            }
        }
    }

    /// <summary>The seeded workspaces only: an ingest benchmark run on the same database adds "Ingest N" ones of another shape.</summary>
    internal static async Task<Guid[]> SeededWorkspacesAsync(HttpClient http) =>
        (await Http.ListAllAsync(http, "/v1/workspaces?name=Bench%20"))
            .Where(w => w.GetProperty("name").GetString()!.StartsWith("Bench ", StringComparison.Ordinal))
            .Select(w => w.GetProperty("id").GetGuid()).ToArray();

    internal static async Task GetReportAsync(HttpClient http, string path, Guid workspace, DateTimeOffset now, int days)
    {
        var from = Uri.EscapeDataString(now.AddDays(-days).ToString("O"));
        var to = Uri.EscapeDataString(now.ToString("O"));
        using var response = await http.GetAsync(path.Replace("{w}", workspace.ToString()).Replace("{f}", from).Replace("{t}", to));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<Stats> MeasureAsync(int count, Func<int, Task> request)
    {
        for (var i = 0; i < Math.Min(20, count); i++)
        {
            await request(i); // warm-up: JIT, connection pools, caches
        }

        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await request(i + 7);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return new Stats(samples);
    }

    // The same aggregations straight over the raw facts (usage events joined by their charge entries).
    private const string RawWorkspace = """
        SELECT date_trunc('day', occurred_at, 'UTC'), kind, sum(actions), sum(data_credits), sum(events)
        FROM usage_facts WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1, 2
        """;

    private const string RawIntegration = """
        SELECT date_trunc('day', occurred_at, 'UTC'), service, sum(actions), sum(data_credits), sum(attempts), sum(successes)
        FROM usage_facts WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND integration = 'leadmagic' GROUP BY 1, 2
        """;

    private const string RawIntegrations = """
        SELECT integration, sum(actions), sum(data_credits), sum(events), sum(attempts), sum(successes)
        FROM usage_facts WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND kind = 'enrichment' GROUP BY 1
        """;

    // The last running balance of each bucket and currency, found by scanning the range's entries.
    private const string RawDailyBalance = """
        SELECT DISTINCT ON (1, currency) date_trunc('day', recorded_at, 'UTC'), currency, balance_after
        FROM ledger_entries WHERE workspace_id = $1 AND recorded_at >= $2 AND recorded_at < $3 ORDER BY 1, currency, recorded_at DESC, sequence DESC
        """;

    private const string RawHourlyBalance = """
        SELECT DISTINCT ON (1, currency) date_trunc('hour', recorded_at, 'UTC'), currency, balance_after
        FROM ledger_entries WHERE workspace_id = $1 AND recorded_at >= $2 AND recorded_at < $3 ORDER BY 1, currency, recorded_at DESC, sequence DESC
        """;

    // Granted and consumed per currency and grant source at the grants' prices, reversals ignored.
    private const string RawValue = """
        SELECT e.currency, g.source, e.type, sum(e.amount), sum(e.amount * g.unit_price)
        FROM ledger_entries e JOIN grants g ON g.workspace_id = e.workspace_id AND g.id = e.grant_id
        WHERE e.workspace_id = $1 AND e.recorded_at >= $2 AND e.recorded_at < $3 GROUP BY 1, 2, 3
        """;

    private const string RawUsers = """
        SELECT user_id, sum(actions), sum(data_credits), sum(events)
        FROM usage_facts WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1
        """;

    // Per resource only: the service also adds every node's descendants on top.
    private const string RawResources = """
        SELECT resource_id, sum(actions), sum(data_credits)
        FROM usage_facts WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY 1
        """;
}
