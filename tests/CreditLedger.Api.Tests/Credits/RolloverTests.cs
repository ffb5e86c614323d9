using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>Unused plan credit carried into the next cycle up to the plan's cap; cycles counted from a billing anchor.</summary>
public class RolloverTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<JsonElement> Create(object plan, DateTimeOffset? billingAnchor = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await Api.Admin().Post("/v1/workspaces", new { name = "Acme", plan, billingAnchor })).Expect(expected);

    private static object Plan(decimal actions, decimal dataCredits, object? rollover = null) =>
        new { name = "Pro", actionsPerCycle = actions, dataCreditsPerCycle = dataCredits, rollover };

    private async Task Spend(Guid id, string key, int dataCredits) =>
        await (await Usage(id, new { idempotencyKey = key, kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", quantity = dataCredits }))
            .Expect(HttpStatusCode.Created);

    private async Task<List<(string Source, string Currency, decimal Amount, decimal Remaining)>> Grants(Guid id) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(g => (g.Str("source"), g.Str("currency"), g.Amount("amount"), g.Amount("remaining"))).ToList();

    [Fact]
    public async Task At_the_boundary_unused_data_credits_carry_over_up_to_the_cap_and_are_drawn_first()
    {
        var created = await Create(Plan(100, 100, new { dataCredits = 60 }));
        created.GetProperty("plan").GetProperty("rollover").Amount("dataCredits").ShouldBe(60);
        created.GetProperty("plan").GetProperty("rollover").Amount("actions").ShouldBe(0);
        var id = created.Id();
        await Spend(id, "s1", 30); // 30 actions and 30 data credits: 70 of each left unused

        Api.Clock.Advance(TimeSpan.FromDays(32));

        (await Available(id)).ShouldBe((100m, 160m)); // actions never roll over (cap 0); 60 of the 70 data credits do
        var rollover = (await Grants(id)).Where(g => g.Source == "rollover").ShouldHaveSingleItem();
        rollover.ShouldBe(("rollover", "data_credits", 60m, 60m));
        var expiries = await Api.ScalarAsync<decimal>("SELECT sum(amount) FROM ledger_entries WHERE workspace_id = $1 AND type = 'expiry' AND currency = 'data_credits'", id);
        expiries.ShouldBe(-70m); // the ending cycle's grant expires in full; the carry is a new grant entry

        await Spend(id, "s2", 70);
        var after = await Grants(id);
        after.Single(g => g.Source == "rollover").Remaining.ShouldBe(0);
        after.Where(g => g.Source == "subscription" && g.Currency == "data_credits" && g.Remaining > 0).ShouldHaveSingleItem().Remaining.ShouldBe(90);
    }

    [Theory]
    [InlineData("grants")]
    [InlineData("ledger?limit=1000")]
    public async Task The_boundary_is_applied_before_the_first_read_of_grants_or_the_ledger_too(string read)
    {
        var id = (await Create(Plan(0, 10, new { dataCredits = 10 }))).Id();
        Api.Clock.Advance(TimeSpan.FromDays(32));

        var items = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/{read}")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();

        var shown = read == "grants" ? items.Select(g => g.Str("source")) : items.Select(e => e.Str("type"));
        if (read == "grants")
        {
            shown.ShouldBe(["subscription", "rollover", "subscription"], ignoreOrder: true); // the new two share one effectiveAt
        }
        else
        {
            shown.ShouldBe(["grant", "expiry", "grant", "grant"]); // the carry is granted before the new allowance
        }
    }

    [Fact]
    public async Task An_idle_workspace_gets_one_capped_rollover_from_its_last_active_cycle_not_one_per_skipped_cycle()
    {
        var id = (await Create(Plan(0, 100, new { dataCredits = 100 }))).Id();
        Api.Clock.Advance(TimeSpan.FromDays(95)); // three boundaries pass untouched

        (await Available(id)).DataCredits.ShouldBe(200m); // the new cycle's 100 and one carry of the last active cycle's 100
        (await Grants(id)).Count(g => g.Source == "rollover").ShouldBe(1);

        Api.Clock.Advance(TimeSpan.FromDays(31)); // nothing spent: 100 + 100 unused, capped at 100 again: no compounding
        (await Available(id)).DataCredits.ShouldBe(200m);
    }

    [Fact]
    public async Task The_boundary_is_applied_exactly_once_when_many_requests_cross_it_together()
    {
        var id = (await Create(Plan(1000, 100, new { actions = 50, dataCredits = 100 }))).Id();
        Api.Clock.Advance(TimeSpan.FromDays(32));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            if (i % 2 == 0)
            {
                (await Usage(id, new { idempotencyKey = $"k{i}", kind = "export" })).StatusCode.ShouldBe(HttpStatusCode.Created);
            }
            else
            {
                await Api.Balance(id);
            }
        }));

        (await Api.ScalarAsync<long>("SELECT count(*) FROM grants WHERE workspace_id = $1 AND source = 'rollover'", id)).ShouldBe(2);
        (await Available(id)).ShouldBe((1050m - 8, 200m));
    }

    [Fact]
    public async Task A_plan_change_sets_the_caps_the_next_boundary_uses()
    {
        var id = (await Create(Plan(10, 10))).Id();
        var changed = await (await Api.Admin().Put($"/v1/workspaces/{id}/plan", Plan(10, 10, new { dataCredits = 4 }))).Expect(HttpStatusCode.OK);
        changed.GetProperty("plan").GetProperty("rollover").Amount("dataCredits").ShouldBe(4);

        Api.Clock.Advance(TimeSpan.FromDays(32));

        (await Available(id)).ShouldBe((10m, 14m));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 1.00001)]
    [InlineData(0, 1.0e12 + 1)]
    public async Task Invalid_rollover_caps_are_400_and_create_nothing(decimal actions, decimal dataCredits)
    {
        var before = await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces");
        await (await Api.Admin().Post("/v1/workspaces", new { name = "Acme", plan = Plan(10, 10, new { actions, dataCredits }) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces")).ShouldBe(before);
    }

    [Theory]
    [InlineData("""{"name":"A","plan":{"name":"P","actionsPerCycle":1,"dataCreditsPerCycle":1,"rollover":{"dataCredits":1e30}}}""")]
    [InlineData("""{"name":"A","plan":{"name":"P","actionsPerCycle":1,"dataCreditsPerCycle":1,"rollover":{"actions":"ten"}}}""")]
    [InlineData("""{"name":"A","plan":{"name":"P","actionsPerCycle":1,"dataCreditsPerCycle":1,"rollover":[]}}""")]
    [InlineData("""{"name":"A","plan":{"name":"P","actionsPerCycle":1,"dataCreditsPerCycle":1},"billingAnchor":"\u0000"}""")]
    [InlineData("""{"name":"A","plan":{"name":"P","actionsPerCycle":1,"dataCreditsPerCycle":1},"billingAnchor":"yesterday"}""")]
    public async Task Malformed_rollover_or_anchor_bodies_are_400_and_create_nothing(string json)
    {
        var before = await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces");
        await (await Api.Admin().PostRaw("/v1/workspaces", json)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces")).ShouldBe(before);
    }

    [Fact]
    public async Task A_billing_anchor_sets_the_cycle_and_only_the_current_cycle_is_granted()
    {
        var now = Api.Clock.GetUtcNow();
        var anchor = now.AddDays(-40);
        var created = await Create(Plan(10, 10), anchor);

        created.GetProperty("billingAnchor").GetDateTimeOffset().ShouldBe(anchor, TimeSpan.FromMilliseconds(1));
        var start = created.GetProperty("cycle").GetProperty("start").GetDateTimeOffset();
        start.ShouldBe(anchor.AddMonths(1), TimeSpan.FromMilliseconds(1));
        created.GetProperty("cycle").GetProperty("end").GetDateTimeOffset().ShouldBe(anchor.AddMonths(2), TimeSpan.FromMilliseconds(1));
        var grants = await Grants(created.Id());
        grants.Count.ShouldBe(2);
        (await Available(created.Id())).ShouldBe((10m, 10m));
    }

    [Theory]
    [InlineData(1)] // in the future
    [InlineData(-367 * 24 * 3600)] // more than 366 days ago
    public async Task A_billing_anchor_in_the_future_or_too_far_back_is_400(int offsetSeconds)
    {
        var before = await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces");
        await (await Api.Admin().Post("/v1/workspaces", new { name = "Acme", plan = Plan(1, 1), billingAnchor = Api.Clock.GetUtcNow().AddSeconds(offsetSeconds + 5) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Api.ScalarAsync<long>("SELECT count(*) FROM workspaces")).ShouldBe(before);
    }

    [Fact]
    public async Task A_workspace_anchored_seconds_before_its_cycle_ends_rolls_over_when_the_boundary_passes()
    {
        var now = Api.Clock.GetUtcNow();
        var anchor = now.AddMonths(-1).AddSeconds(3); // the current cycle ends 3 seconds from now
        var id = (await Create(Plan(5, 20, new { dataCredits = 15 }), anchor)).Id();
        await Spend(id, "s", 2);
        (await Available(id)).ShouldBe((3m, 18m));

        Api.Clock.Advance(TimeSpan.FromSeconds(4));

        (await Available(id)).ShouldBe((5m, 35m));
        var workspace = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
        workspace.GetProperty("cycle").GetProperty("start").GetDateTimeOffset().ShouldBe(anchor.AddMonths(1), TimeSpan.FromMilliseconds(1));
    }
}
