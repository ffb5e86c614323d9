using System.Text.Json;
using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>
/// Auto top-up stays exact under concurrency, with groups held open so concurrent single events share transactions: the
/// rule's count and its pending grant are read and moved under the workspace lock, so racing charges, batches, holds and
/// refusals make exactly the top-ups the rule gives, never one more.
/// </summary>
public class AutoTopUpConcurrencyTests(GroupingApiFactory api) : IClassFixture<GroupingApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LedgerInvariants.AssertAllAsync(api);

    private UsageGroupCommitter Committer => api.Services.GetRequiredService<UsageGroupCommitter>();

    private Task<HttpResponseMessage> Find(Guid id, string key) => api.Admin().Post($"/v1/workspaces/{id}/usage", new
    {
        idempotencyKey = key, kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
    });

    private async Task<Guid> WorkspaceWithRule(decimal dataCredits, object rule)
    {
        var id = await api.Workspace(actions: 100_000, dataCredits: dataCredits);
        await (await api.Admin().Put($"/v1/workspaces/{id}/auto-top-up", new { dataCredits = rule })).Expect(HttpStatusCode.OK);
        return id;
    }

    private async Task<List<JsonElement>> TopUps(Guid id) =>
        [.. (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/grants?autoTopUp=true&limit=500")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private async Task<int> UsedThisCycle(Guid id) =>
        (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/auto-top-up")).Expect(HttpStatusCode.OK)).GetProperty("dataCredits").GetProperty("usedThisCycle").GetInt32();

    [Fact]
    public async Task Two_hundred_concurrent_charges_below_the_threshold_make_exactly_max_per_cycle_top_ups()
    {
        var id = await WorkspaceWithRule(1000, new { below = 5000, amount = 1, mode = "grant", maxPerCycle = 37 });
        var (groupsBefore, eventsBefore) = (Committer.GroupsCommitted, Committer.EventsCommitted);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Find(id, $"e{i}")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await TopUps(id)).Count.ShouldBe(37);
        (await UsedThisCycle(id)).ShouldBe(37);
        (await api.Balance(id)).GetProperty("dataCredits").Amount("available").ShouldBe(1000 - 200 + 37);
        var grouped = (Committer.EventsCommitted - eventsBefore) / (double)(Committer.GroupsCommitted - groupsBefore);
        grouped.ShouldBeGreaterThan(1.5, "concurrent events should have shared transactions");
    }

    [Fact]
    public async Task Two_hundred_concurrent_charges_in_request_mode_leave_exactly_one_top_up_pending()
    {
        var id = await WorkspaceWithRule(1000, new { below = 5000, amount = 500, mode = "request", maxPerCycle = 100 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Find(id, $"e{i}")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await TopUps(id)).ShouldHaveSingleItem().Str("status").ShouldBe("pending");
        (await UsedThisCycle(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Charges_in_the_order_they_commit_top_up_exactly_when_each_leaves_available_below_the_threshold()
    {
        // 200 charges of 1 from 150 with a rule below 100 granting 10: a top-up each time available falls to 99, exactly as
        // a serial run would make them, whatever the interleaving.
        var id = await WorkspaceWithRule(150, new { below = 100, amount = 10, mode = "grant", maxPerCycle = 100 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Find(id, $"e{i}")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var serial = Serial(start: 150, charges: 200, below: 100, amount: 10, max: 100);
        (await TopUps(id)).Count.ShouldBe(serial.TopUps);
        (await api.Balance(id)).GetProperty("dataCredits").Amount("available").ShouldBe(serial.Available);
        (await api.ScalarAsync<long>("""
            SELECT count(*) FROM ledger_entries e
            WHERE e.workspace_id = $1 AND e.type = 'grant' AND e.balance_after - e.amount >= 100
              AND e.grant_id IN (SELECT id FROM grants WHERE workspace_id = $1 AND auto_top_up)
            """, id)).ShouldBe(0, "every top-up followed a charge that left available below 100");
    }

    [Fact]
    public async Task Racing_refusals_singles_batches_and_holds_from_an_empty_balance_make_exactly_max_per_cycle_top_ups()
    {
        var id = await WorkspaceWithRule(0, new { below = 1, amount = 2, mode = "grant", maxPerCycle = 12 });
        var singles = Enumerable.Range(0, 100).Select(i => Find(id, $"s{i}"));
        var batches = Enumerable.Range(0, 10).Select(b => api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = Enumerable.Range(0, 5).Select(i => new
            {
                idempotencyKey = $"b{b}-{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
            }).ToArray(),
        }));
        var holds = Enumerable.Range(0, 30).Select(i => api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = $"h{i}", integration = "leadmagic", service = "email_finder" }));

        await Task.WhenAll(singles.Concat(batches).Concat(holds));

        (await TopUps(id)).Count.ShouldBe(12);
        (await UsedThisCycle(id)).ShouldBe(12);
        var charged = await api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1", id);
        var held = await api.ScalarAsync<long>("SELECT count(*) FROM enrichments WHERE workspace_id = $1", id);
        var available = (await api.Balance(id)).GetProperty("dataCredits").Amount("available");
        (charged + held + available).ShouldBe(24, "every top-up credit was spent, held or is still there, and none other exists");
    }

    /// <summary>What the rule gives when the charges commit one after another.</summary>
    private static (int TopUps, decimal Available) Serial(decimal start, int charges, decimal below, decimal amount, int max)
    {
        var (available, made) = (start, 0);
        for (var i = 0; i < charges; i++)
        {
            available--;
            if (available < below && made < max)
            {
                available += amount;
                made++;
            }
        }

        return (made, available);
    }
}
