using System.Text.Json;
using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// What the balance history reads: one entry per bucket end, which carries both currencies' balances, however long one
/// currency stood still; and entries written before the ledger kept the other balance still answer right.
/// </summary>
public class BalanceHistoryReadTests : OwnClockLedgerTest
{
    [Fact]
    public async Task A_currency_that_stood_still_is_read_from_the_one_entry_before_each_bucket_end()
    {
        var id = await WorkspaceAt(Utc(2026, 9, 1, 9));
        for (var day = 1; day <= 3; day++)
        {
            Api.Clock.SetUtcNow(Utc(2026, 9, day, 12));
            await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
            {
                events = Enumerable.Range(0, 200).Select(i => new { idempotencyKey = $"d{day}-{i}", kind = "table_run" }).ToArray(),
            })).Expect(HttpStatusCode.OK);
        }

        var series = await Series(id, "from=2026-08-31T00:00:00Z&to=2026-09-05T00:00:00Z&timeZone=UTC");

        series.Select(p => (p.Amount("actions"), p.Amount("dataCredits"))).ShouldBe([(0m, 0m), (800m, 1000m), (600m, 1000m), (400m, 1000m), (400m, 1000m)]);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE workspace_id = $1 AND other_balance_after IS NULL", id))
            .ShouldBe(0, "every entry the service writes carries the other currency's balance");
        // The data credits last moved before 600 actions entries: the plan may not walk back through them.
        var plan = await PlanAsync(id, [Utc(2026, 9, 2), Utc(2026, 9, 3), Utc(2026, 9, 4)]);
        QueryPlans.Nodes(plan).Sum(n => RowsRemoved(n)).ShouldBe(0, "no entry is read only to be filtered out");
        QueryPlans.Nodes(plan).Where(n => n.TryGetProperty("Subplan Name", out _)).ShouldAllBe(n => n.GetProperty("Actual Loops").GetInt64() == 0);
        QueryPlans.Nodes(plan).Where(n => n.GetProperty("Node Type").GetString()!.StartsWith("Index", StringComparison.Ordinal))
            .ShouldAllBe(n => n.GetProperty("Actual Rows").GetDouble() <= 1);
    }

    [Fact]
    public async Task Entries_from_before_the_other_balance_was_kept_still_give_both_balances()
    {
        var id = await WorkspaceAt(Utc(2026, 10, 1, 9));
        await RunsAt(id, Utc(2026, 10, 1, 12), 5);                // the day ends on an actions entry
        await RunsAt(id, Utc(2026, 10, 2, 8), 10);
        Api.Clock.SetUtcNow(Utc(2026, 10, 2, 13));                // and this one on a data-credits entry
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "top", currency = "data_credits", amount = 50, source = "purchase" }))
            .Expect(HttpStatusCode.Created);
        (await ForgetOtherBalancesAsync(id)).ShouldBe(5, "the two plan grants, two runs and the top-up are now as an older ledger stored them");
        await RunsAt(id, Utc(2026, 10, 3, 12), 20);

        var series = await Series(id, "from=2026-10-01T00:00:00Z&to=2026-10-05T00:00:00Z&timeZone=UTC");

        series.Select(p => (p.Amount("actions"), p.Amount("dataCredits"))).ShouldBe([(995m, 1000m), (985m, 1050m), (965m, 1050m), (965m, 1050m)]);
        foreach (var point in series)
        {
            var end = point.GetProperty("end").GetDateTimeOffset();
            (await SumBeforeAsync(id, "actions", end)).ShouldBe(point.Amount("actions"));
            (await SumBeforeAsync(id, "data_credits", end)).ShouldBe(point.Amount("dataCredits"));
        }
    }

    private async Task RunsAt(Guid id, DateTimeOffset now, int quantity)
    {
        Api.Clock.SetUtcNow(now);
        await (await Usage(id, new { idempotencyKey = Guid.NewGuid().ToString(), kind = "table_run", quantity })).Expect(HttpStatusCode.Created);
    }

    private async Task<List<JsonElement>> Series(Guid id, string query) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/balance?{query}")).Expect(HttpStatusCode.OK))
            .GetProperty("series").EnumerateArray().ToList();

    private Task<decimal> SumBeforeAsync(Guid id, string currency, DateTimeOffset end) => Api.ScalarAsync<decimal>(
        "SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE workspace_id = $1 AND currency = $2 AND recorded_at < $3", id, currency, end);

    /// <summary>
    /// Makes the workspace's entries look as entries written before the column existed (NULL); the hash chain does not
    /// cover the column, so every invariant still holds.
    /// </summary>
    private Task<int> ForgetOtherBalancesAsync(Guid id) =>
        Api.RewriteAsync("ledger_entries", "UPDATE ledger_entries SET other_balance_after = NULL WHERE workspace_id = $1", id);

    /// <summary>The balance history's own statement, run with EXPLAIN ANALYZE: what each of its plan nodes read.</summary>
    private async Task<JsonElement> PlanAsync(Guid id, DateTimeOffset[] instants)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        return await QueryPlans.ExplainAsync(connection, BalanceHistory.Statement, id, instants);
    }

    private static double RowsRemoved(JsonElement node) =>
        node.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetDouble() * node.GetProperty("Actual Loops").GetDouble() : 0;
}
