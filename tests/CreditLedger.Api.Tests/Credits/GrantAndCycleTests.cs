using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

public class GrantAndCycleTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<JsonElement> Grant(Guid id, object body) =>
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", body)).Expect(HttpStatusCode.Created);

    private async Task<List<JsonElement>> Ledger(Guid id) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=1000")).Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task A_purchase_adds_non_expiring_credit_and_a_grant_entry()
    {
        var id = await Api.Workspace(actions: 0, dataCredits: 0);
        var grant = await Grant(id, new { currency = "data_credits", amount = 12.25m, source = "purchase", idempotencyKey = "p1" });

        grant.Str("currency").ShouldBe("data_credits");
        grant.Amount("amount").ShouldBe(12.25m);
        grant.Amount("remaining").ShouldBe(12.25m);
        grant.GetProperty("expiresAt").ValueKind.ShouldBe(JsonValueKind.Null);
        var entry = (await Ledger(id)).Single();
        (entry.Str("type"), entry.Amount("amount"), entry.Amount("balanceAfter")).ShouldBe(("grant", 12.25m, 12.25m));
        entry.GetProperty("grantId").GetGuid().ShouldBe(grant.Id());
    }

    [Theory]
    [InlineData("credits", 10, "purchase")]
    [InlineData("actions", 0, "purchase")]
    [InlineData("actions", -5, "purchase")]
    [InlineData("actions", 1.00001, "purchase")]
    [InlineData("actions", 10, "subscription")]
    [InlineData("actions", 10, "gift")]
    public async Task Invalid_grants_are_400_and_add_nothing(string currency, decimal amount, string source)
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { currency, amount, source, idempotencyKey = "g" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Count("grants", id)).ShouldBe(2);
    }

    [Fact]
    public async Task Grants_need_the_admin_key_but_the_workspace_can_list_them()
    {
        var id = await Api.Workspace();
        var client = await Api.WorkspaceClient(id);
        await (await client.Post($"/v1/workspaces/{id}/grants", new { currency = "actions", amount = 1000, source = "promotion", idempotencyKey = "free" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var grants = await (await client.GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK);
        grants.GetProperty("items").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Charges_draw_the_earliest_expiring_grant_first_and_non_expiring_last()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 5); // subscription: expires at cycle end
        var purchase = await Grant(id, new { currency = "data_credits", amount = 10, source = "purchase", idempotencyKey = "p" });
        var promo = await Grant(id, new { currency = "data_credits", amount = 3, source = "promotion", idempotencyKey = "promo",
            expiresAt = Api.Clock.GetUtcNow().AddDays(2) });

        await (await Usage(id, Enrichment("email_finder", "success", quantity: 9))).Expect(HttpStatusCode.Created);

        var drawn = (await Ledger(id)).Where(e => e.Str("type") == "charge" && e.Str("currency") == "data_credits")
            .Select(e => (e.GetProperty("grantId").GetGuid(), e.Amount("amount"))).ToList();
        drawn[0].ShouldBe((promo.Id(), -3m));
        drawn[1].Item2.ShouldBe(-5m); // the subscription allowance, expiring at the cycle's end
        drawn[2].ShouldBe((purchase.Id(), -1m));
        var active = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?active=true")).Expect(HttpStatusCode.OK);
        active.GetProperty("items").EnumerateArray().Where(g => g.Str("currency") == "data_credits").Select(g => g.Amount("remaining")).ShouldBe([9m]);
    }

    [Fact]
    public async Task A_new_cycle_expires_the_old_allowance_and_grants_the_plan_again_without_rollover()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 20);
        await Grant(id, new { currency = "data_credits", amount = 7, source = "purchase", idempotencyKey = "p" });
        await (await Usage(id, Enrichment("email_finder", "success", quantity: 5))).Expect(HttpStatusCode.Created);
        var cycleEnd = (await Api.Balance(id)).GetProperty("cycle").GetProperty("end").GetDateTimeOffset();

        Api.Clock.SetUtcNow(cycleEnd.AddHours(1));

        var balance = await Api.Balance(id);
        balance.GetProperty("cycle").GetProperty("start").GetDateTimeOffset().ShouldBe(cycleEnd);
        (await Available(id)).ShouldBe((100m, 27m)); // 20 new + 7 purchased; the 15 left over expired
        var expiries = (await Ledger(id)).Where(e => e.Str("type") == "expiry").Select(e => (e.Str("currency"), e.Amount("amount"))).ToList();
        expiries.ShouldBe([("actions", -95m), ("data_credits", -15m)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_cycle_is_issued_once_even_when_many_requests_touch_it_at_the_same_time()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        Api.Clock.Advance(TimeSpan.FromDays(32));

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Usage(id, new { idempotencyKey = $"k{i}", kind = "export" })));

        (await Api.ScalarAsync<long>("SELECT count(*) FROM grants WHERE workspace_id = $1 AND source = 'subscription'", id)).ShouldBe(4);
        (await Available(id)).ShouldBe((0m, 10m));
    }

    [Fact]
    public async Task A_purchase_with_an_expiry_lapses_into_an_expiry_entry()
    {
        var id = await Api.Workspace(actions: 0, dataCredits: 0);
        await Grant(id, new { currency = "actions", amount = 5, source = "promotion", idempotencyKey = "p", expiresAt = Api.Clock.GetUtcNow().AddDays(1) });
        Api.Clock.Advance(TimeSpan.FromDays(2));

        (await Available(id)).Actions.ShouldBe(0);
        (await Ledger(id)).Last().Str("type").ShouldBe("expiry");
    }

    [Fact]
    public async Task Usage_dated_before_the_workspace_existed_is_paid_from_current_grants()
    {
        var id = await Api.Workspace();
        var occurredAt = Api.Clock.GetUtcNow().AddDays(-20);
        var usage = await (await Usage(id, new { idempotencyKey = "late", kind = "ai_call", occurredAt })).Expect(HttpStatusCode.Created);
        usage.GetProperty("occurredAt").GetDateTimeOffset().ShouldBe(occurredAt, TimeSpan.FromMilliseconds(1));
        (await Available(id)).Actions.ShouldBe(99);
    }
}
