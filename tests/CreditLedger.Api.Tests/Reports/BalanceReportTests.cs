using System.Text.Json;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// Balance history: each calendar bucket's available balance per currency at its end, from the ledger's running balances.
/// Entries are recorded at the clock's now, so each test puts the clock on its own dates (its own service and database).
/// </summary>
public class BalanceReportTests : OwnClockLedgerTest
{
    /// <summary>Table runs recorded at <paramref name="now"/>: 1 action each.</summary>
    private async Task RunsAt(Guid id, DateTimeOffset now, int quantity)
    {
        Api.Clock.SetUtcNow(now);
        await (await Usage(id, new { idempotencyKey = Guid.NewGuid().ToString(), kind = "table_run", quantity })).Expect(HttpStatusCode.Created);
    }

    private async Task<HttpResponseMessage> Get(Guid id, string query) => await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/balance?{query}");

    private async Task<List<JsonElement>> Series(Guid id, string query) =>
        (await (await Get(id, query)).Expect(HttpStatusCode.OK)).GetProperty("series").EnumerateArray().ToList();

    [Fact]
    public async Task Each_bucket_shows_the_balance_at_its_end_and_zero_before_the_first_entry()
    {
        var id = await WorkspaceAt(Utc(2026, 5, 10, 9));
        await RunsAt(id, Utc(2026, 5, 10, 12), 5);
        await RunsAt(id, Utc(2026, 5, 11, 8), 10);
        Api.Clock.SetUtcNow(Utc(2026, 5, 12, 8));
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "top", currency = "data_credits", amount = 50, source = "purchase" }))
            .Expect(HttpStatusCode.Created);

        var report = await (await Get(id, "from=2026-05-09T00:00:00Z&to=2026-05-14T00:00:00Z&timeZone=UTC")).Expect(HttpStatusCode.OK);

        (report.Str("granularity"), report.Str("timeZone")).ShouldBe(("day", "UTC"));
        var series = report.GetProperty("series").EnumerateArray().ToList();
        series.Select(p => p.GetProperty("end").GetDateTimeOffset()).ShouldBe([Utc(2026, 5, 10), Utc(2026, 5, 11), Utc(2026, 5, 12), Utc(2026, 5, 13), Utc(2026, 5, 14)]);
        series.Select(p => (p.Amount("actions"), p.Amount("dataCredits"))).ShouldBe([(0m, 0m), (995m, 1000m), (985m, 1000m), (985m, 1050m), (985m, 1050m)]);
        // Recomputed another way: the sum of every amount recorded before each end.
        foreach (var point in series)
        {
            var end = point.GetProperty("end").GetDateTimeOffset();
            (await Api.ScalarAsync<decimal>("SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE workspace_id = $1 AND currency = 'actions' AND recorded_at < $2", id, end))
                .ShouldBe(point.Amount("actions"));
        }
    }

    [Fact]
    public async Task The_spring_forward_day_in_New_York_ends_at_local_midnight_after_23_hours()
    {
        var id = await WorkspaceAt(Utc(2026, 3, 7, 12), "America/New_York");
        await RunsAt(id, Utc(2026, 3, 8, 4, 59), 1);   // Mar 7, 23:59 EST
        await RunsAt(id, Utc(2026, 3, 8, 5, 0), 2);    // Mar 8, 00:00 EST
        await RunsAt(id, Utc(2026, 3, 9, 3, 59), 4);   // Mar 8, 23:59 EDT
        await RunsAt(id, Utc(2026, 3, 9, 4, 0), 8);    // Mar 9, 00:00 EDT

        var series = await Series(id, "from=2026-03-07T00:00:00-05:00&to=2026-03-10T00:00:00-04:00");

        series.Select(p => p.GetProperty("end").GetDateTimeOffset()).ShouldBe([Utc(2026, 3, 8, 5), Utc(2026, 3, 9, 4), Utc(2026, 3, 10, 4)]);
        series.Select(p => p.Amount("actions")).ShouldBe([999m, 993m, 985m]);
        (series[1].GetProperty("end").GetDateTimeOffset() - series[1].GetProperty("start").GetDateTimeOffset()).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public async Task A_skipped_local_day_has_no_bucket()
    {
        // Samoa skipped 30 December 2011: 29 December 23:59 (-10) was followed by 31 December 00:00 (+14).
        var id = await WorkspaceAt(Utc(2011, 12, 29, 12), "Pacific/Apia");
        await RunsAt(id, Utc(2011, 12, 30, 9), 1);     // Dec 29, 23:00 local
        await RunsAt(id, Utc(2011, 12, 30, 11), 2);    // Dec 31, 01:00 local

        var series = await Series(id, "from=2011-12-29T00:00:00-10:00&to=2012-01-01T00:00:00%2B14:00");

        series.Select(p => p.GetProperty("end").GetDateTimeOffset()).ShouldBe([Utc(2011, 12, 30, 10), Utc(2011, 12, 31, 10)]);
        series.Select(p => p.Amount("actions")).ShouldBe([999m, 997m]);
    }

    [Fact]
    public async Task A_grant_that_lapsed_is_expired_before_the_report_answers()
    {
        var id = await WorkspaceAt(Utc(2026, 6, 1, 9));
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants",
            new { idempotencyKey = "promo", currency = "actions", amount = 40, source = "promotion", expiresAt = Utc(2026, 6, 1, 18) })).Expect(HttpStatusCode.Created);
        Api.Clock.SetUtcNow(Utc(2026, 6, 2, 9));

        var series = await Series(id, "from=2026-06-01T00:00:00Z&to=2026-06-03T00:00:00Z&timeZone=UTC");

        series.Select(p => p.Amount("actions")).ShouldBe([1040m, 1000m]);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE workspace_id = $1 AND type = 'expiry'", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_poll_with_the_ETag_is_304_until_an_entry_is_appended()
    {
        var id = await WorkspaceAt(Utc(2026, 7, 1, 9));
        const string query = "from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z&granularity=hour";
        var first = await Get(id, query);
        await first.Expect(HttpStatusCode.OK);
        var poll = new HttpRequestMessage(HttpMethod.Get, $"/v1/workspaces/{id}/reports/balance?{query}");
        poll.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);

        (await Api.Admin().SendAsync(poll)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        await RunsAt(id, Utc(2026, 7, 1, 10), 3);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/workspaces/{id}/reports/balance?{query}");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        var changed = await (await Api.Admin().SendAsync(again)).Expect(HttpStatusCode.OK);
        changed.GetProperty("series")[10].Amount("actions").ShouldBe(997);
    }

    [Theory]
    [InlineData("from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&resourceId=tbl", "resourceId")]
    [InlineData("from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&format=csv", "format")]
    [InlineData("from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&format=xml", "format")]
    [InlineData("to=2026-08-02T00:00:00Z", "from")]
    [InlineData("from=2026-08-02T00:00:00Z&to=2026-08-01T00:00:00Z", "from")]
    [InlineData("from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&timeZone=Mars/Olympus", "timeZone")]
    [InlineData("from=2026-08-01T00:00:00Z&to=2026-08-02T00:00:00Z&timeZone=UTC%00", "timeZone")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string query, string field)
    {
        var id = await WorkspaceAt(Utc(2026, 8, 1, 9));

        var problem = await (await Get(id, query)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field);
    }
}
