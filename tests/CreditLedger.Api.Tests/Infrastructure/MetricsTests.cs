namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>
/// GET /metrics: Prometheus text of the service's OpenTelemetry metrics, for the admin key only. The meter is one per
/// process and test classes run in parallel, so only the workspace-tagged series is asserted exactly.
/// </summary>
public class MetricsTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task The_admin_scrapes_the_CreditLedger_meter_beside_ASP_NET_Core_and_Npgsql_metrics()
    {
        var workspace = await api.Workspace(actions: 1, dataCredits: 0);
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage", new { idempotencyKey = "m1", kind = "export" })).Expect(HttpStatusCode.Created);
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage", new { idempotencyKey = "m1", kind = "export" })).Expect(HttpStatusCode.OK);
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage", new { idempotencyKey = "m2", kind = "export" })).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        await api.FoldRollupJournalsAsync();

        var response = await api.Admin().GetAsync("/metrics");
        var lines = await ScrapeUntilAsync(l => Series(l, "creditledger_workspace_events_total", $"workspace_id=\"{workspace}\"") == 1
            && Series(l, "creditledger_refusals_total", "type=\"insufficient-credits\"") >= 1
            && Series(l, "creditledger_idempotent_replays_total") >= 1 && Series(l, "creditledger_rollups_journal_rows_folded_total") >= 1
            && l.Any(line => line.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal))
            && l.Any(line => line.StartsWith("db_client_operation_duration_seconds_count", StringComparison.Ordinal)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        Series(lines, "creditledger_usage_events_total", "kind=\"export\"", "outcome=\"success\"").ShouldBeGreaterThanOrEqualTo(1);
        Series(lines, "creditledger_charges_total", "currency=\"actions\"").ShouldBeGreaterThanOrEqualTo(1);
        Series(lines, "creditledger_refusals_total", "type=\"insufficient-credits\"").ShouldBeGreaterThanOrEqualTo(1);
        Series(lines, "creditledger_idempotent_replays_total").ShouldBeGreaterThanOrEqualTo(1);
        Series(lines, "creditledger_workspace_events_total", $"workspace_id=\"{workspace}\"").ShouldBe(1);
        Series(lines, "creditledger_group_commit_size_count").ShouldBeGreaterThanOrEqualTo(1);
        Series(lines, "creditledger_rollups_journal_rows_folded_total").ShouldBeGreaterThanOrEqualTo(1);
        lines.ShouldContain(l => l.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("db_client_operation_duration_seconds_count", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_batch_of_mixed_kinds_counts_each_event_once_for_its_workspace()
    {
        var workspace = await api.Workspace(actions: 100, dataCredits: 0);
        string[] kinds = ["export", "export", "ai_call", "export", "table_run", "table_run"];
        var events = kinds.Select((kind, i) => new { idempotencyKey = $"mixed-{i}", kind }).ToArray();
        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage/batch", new { events })).Expect(HttpStatusCode.OK);

        var lines = await ScrapeUntilAsync(l => Series(l, "creditledger_workspace_events_total", $"workspace_id=\"{workspace}\"") > 0);

        Series(lines, "creditledger_workspace_events_total", $"workspace_id=\"{workspace}\"").ShouldBe(kinds.Length);
        Series(lines, "creditledger_usage_events_total", "kind=\"table_run\"", "outcome=\"success\"").ShouldBeGreaterThanOrEqualTo(2);
        Series(lines, "creditledger_usage_events_total", "kind=\"ai_call\"", "outcome=\"success\"").ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Metrics_need_the_admin_key()
    {
        var workspace = await api.Workspace();
        await (await (await api.WorkspaceClient(workspace)).GetAsync("/metrics")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.WithKey(null).GetAsync("/metrics")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>
    /// The scrape once it shows everything this test expects: the exporter answers a scrape from a cache for a moment, so a
    /// scrape right after another test's may predate what this test just did, and in a full test run (every class's
    /// workspaces tag the process-wide meter) a scrape has been seen to lack series a later one had.
    /// </summary>
    private async Task<string[]> ScrapeUntilAsync(Func<string[], bool> shows)
    {
        string[] lines = [];
        await Poll.UntilAsync(async () =>
        {
            lines = (await (await api.Admin().GetAsync("/metrics")).Content.ReadAsStringAsync()).Split('\n');
            return shows(lines);
        }, TimeSpan.FromSeconds(10), "the scrape shows this test's measurements");
        return lines;
    }

    /// <summary>The value of the series named <paramref name="name"/> whose labels include all of <paramref name="labels"/> (0 if none).</summary>
    private static double Series(string[] lines, string name, params string[] labels) =>
        lines.Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .Sum();
}
