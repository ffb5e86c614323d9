using System.Text.Json;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// Buckets are calendar units in the report's time zone, DST-correct, clipped to [from, to). Each test puts the clock
/// on its own date, so each gets its own service and database with a clock starting in 2000 (time only moves forward).
/// </summary>
public class ReportCalendarTests : OwnClockLedgerTest
{
    private async Task At(Guid id, DateTimeOffset occurredAt, int quantity = 1) =>
        await (await Usage(id, new { idempotencyKey = Guid.NewGuid().ToString(), kind = "table_run", quantity, occurredAt })).Expect(HttpStatusCode.Created);

    private async Task<List<JsonElement>> Series(Guid id, string query) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?{query}")).Expect(HttpStatusCode.OK))
            .GetProperty("series").EnumerateArray().ToList();

    [Fact]
    public async Task The_spring_forward_day_in_New_York_is_one_23_hour_bucket()
    {
        var id = await WorkspaceAt(Utc(2026, 3, 20), "America/New_York");
        await At(id, Utc(2026, 3, 8, 4, 59));          // Mar 7, 23:59 EST
        await At(id, Utc(2026, 3, 8, 5, 0), 2);        // Mar 8, 00:00 EST
        await At(id, Utc(2026, 3, 9, 3, 59), 4);       // Mar 8, 23:59 EDT
        await At(id, Utc(2026, 3, 9, 4, 0), 8);        // Mar 9, 00:00 EDT

        var series = await Series(id, "from=2026-03-07T00:00:00-05:00&to=2026-03-10T00:00:00-04:00");

        series.Select(p => p.GetProperty("start").GetDateTimeOffset()).ShouldBe([Utc(2026, 3, 7, 5), Utc(2026, 3, 8, 5), Utc(2026, 3, 9, 4)]);
        series.Select(p => p.Amount("actions")).ShouldBe([1m, 6m, 8m]);
        (series[1].GetProperty("end").GetDateTimeOffset() - series[1].GetProperty("start").GetDateTimeOffset()).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public async Task The_fall_back_day_in_Berlin_is_one_25_hour_bucket_and_the_workspace_zone_is_the_default()
    {
        var id = await WorkspaceAt(Utc(2026, 11, 1), "Europe/Berlin");
        await At(id, Utc(2026, 10, 24, 22, 0));        // Oct 25, 00:00 CEST
        await At(id, Utc(2026, 10, 25, 22, 59), 2);    // Oct 25, 23:59 CET

        var series = await Series(id, "from=2026-10-24T22:00:00Z&to=2026-10-26T23:00:00Z");

        series.Count.ShouldBe(2);
        (series[0].GetProperty("end").GetDateTimeOffset() - series[0].GetProperty("start").GetDateTimeOffset()).ShouldBe(TimeSpan.FromHours(25));
        series[0].Amount("actions").ShouldBe(3);
    }

    [Fact]
    public async Task Month_buckets_cross_the_year_end_and_weeks_start_on_Monday()
    {
        var id = await WorkspaceAt(Utc(2026, 1, 20));
        await At(id, Utc(2025, 12, 31, 23, 30));
        await At(id, Utc(2026, 1, 1, 0, 30), 2);

        var months = await Series(id, "from=2025-12-01T00:00:00Z&to=2026-02-01T00:00:00Z&granularity=month");
        months.Select(p => (p.GetProperty("start").GetDateTimeOffset(), p.Amount("actions"))).ShouldBe([(Utc(2025, 12, 1), 1m), (Utc(2026, 1, 1), 2m)]);

        var berlin = await Series(id, "from=2025-12-01T00:00:00Z&to=2026-02-01T00:00:00Z&granularity=month&timeZone=Europe/Berlin");
        berlin.Select(p => p.Amount("actions")).ShouldBe([0m, 3m, 0m]); // both are January in Berlin; the first day is clipped

        var weeks = await Series(id, "from=2025-12-29T00:00:00Z&to=2026-01-12T00:00:00Z&granularity=week");
        weeks.Select(p => p.GetProperty("start").GetDateTimeOffset().DayOfWeek).ShouldAllBe(d => d == DayOfWeek.Monday);
        weeks.Select(p => p.Amount("actions")).ShouldBe([3m, 0m]);
    }

    [Fact]
    public async Task Partial_hours_at_the_range_edges_count_exactly()
    {
        var id = await WorkspaceAt(Utc(2026, 6, 10));
        await At(id, Utc(2026, 6, 5, 10, 15));
        await At(id, Utc(2026, 6, 5, 10, 45), 2);
        await At(id, Utc(2026, 6, 5, 13, 10), 4);
        await At(id, Utc(2026, 6, 5, 13, 50), 8);

        var series = await Series(id, "from=2026-06-05T10:30:00Z&to=2026-06-05T13:30:00Z&granularity=hour");

        series.First().GetProperty("start").GetDateTimeOffset().ShouldBe(Utc(2026, 6, 5, 10, 30));
        series.Last().GetProperty("end").GetDateTimeOffset().ShouldBe(Utc(2026, 6, 5, 13, 30));
        series.Select(p => p.Amount("actions")).ShouldBe([2m, 0m, 0m, 4m]);
    }

    [Fact]
    public async Task Half_hour_zones_get_exact_local_days()
    {
        var id = await WorkspaceAt(Utc(2026, 6, 10));
        await At(id, Utc(2026, 6, 5, 18, 15));   // Jun 5, 23:45 in Kolkata
        await At(id, Utc(2026, 6, 5, 18, 45), 2); // Jun 6, 00:15 in Kolkata

        var series = await Series(id, "from=2026-06-04T18:30:00Z&to=2026-06-06T18:30:00Z&timeZone=Asia/Kolkata");

        series.Select(p => p.Amount("actions")).ShouldBe([1m, 2m]);
    }

    [Fact]
    public async Task Series_are_dense_and_late_events_land_in_their_true_bucket()
    {
        var id = await WorkspaceAt(Utc(2026, 6, 10));
        await At(id, Utc(2026, 6, 1, 12));
        Api.Clock.Advance(TimeSpan.FromDays(3));
        await At(id, Utc(2026, 6, 3, 12), 2); // recorded days later

        var series = await Series(id, "from=2026-06-01T00:00:00Z&to=2026-06-05T00:00:00Z");

        series.Select(p => p.Amount("actions")).ShouldBe([1m, 0m, 2m, 0m]);
        series.Select(p => p.GetProperty("events").GetInt64()).ShouldBe([1L, 0L, 1L, 0L]);
    }
}
