using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>
/// Auto top-up as the ledger makes it: a charge or hold that leaves a currency below its rule's threshold adds a purchase
/// grant in the same transaction; a refusal for credit adds one before the 402 is answered; within maxPerCycle, and in
/// request mode one pending at a time.
/// </summary>
public class AutoTopUpTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task SetRule(Guid id, object dataCredits) =>
        await (await Api.Admin().Put($"/v1/workspaces/{id}/auto-top-up", new { dataCredits })).Expect(HttpStatusCode.OK);

    private async Task<List<JsonElement>> TopUps(Guid id) =>
        [.. (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?autoTopUp=true")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private async Task<int> UsedThisCycle(Guid id) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/auto-top-up")).Expect(HttpStatusCode.OK)).GetProperty("dataCredits").GetProperty("usedThisCycle").GetInt32();

    private Task<HttpResponseMessage> Find(Guid id, int quantity = 1, string? key = null) => Usage(id, Enrichment("email_finder", "success", key, quantity));

    [Fact]
    public async Task A_charge_that_leaves_available_below_the_threshold_grants_the_top_up_with_it()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 5, amount = 100, mode = "grant", unitPrice = 0.04m });

        var charged = await (await Find(id, 6)).Expect(HttpStatusCode.Created);

        var topUp = (await TopUps(id)).ShouldHaveSingleItem();
        (topUp.Str("source"), topUp.Str("status"), topUp.Amount("amount"), topUp.Amount("unitPrice"), topUp.GetProperty("autoTopUp").GetBoolean())
            .ShouldBe(("purchase", "active", 100m, 0.04m, true));
        topUp.GetProperty("expiresAt").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Available(id)).ShouldBe((94m, 104m));
        (await Api.ScalarAsync<DateTime>("SELECT recorded_at FROM ledger_entries WHERE grant_id = $1", topUp.Id()))
            .ShouldBe(await Api.ScalarAsync<DateTime>("SELECT max(recorded_at) FROM ledger_entries WHERE usage_id = $1", charged.Id()),
                "the top-up is appended in the charge's transaction");
        (await UsedThisCycle(id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_charge_that_leaves_available_at_the_threshold_or_above_grants_nothing()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 5, amount = 100, mode = "grant" });

        await (await Find(id, 5)).Expect(HttpStatusCode.Created);

        (await TopUps(id)).ShouldBeEmpty();
        (await Available(id)).ShouldBe((95m, 5m));
    }

    [Fact]
    public async Task Request_mode_asks_for_one_pending_top_up_at_a_time_and_the_next_after_it_is_paid()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 10);
        await SetRule(id, new { below = 5, amount = 100, mode = "request" });

        await (await Find(id, 6)).Expect(HttpStatusCode.Created);
        await (await Find(id, 1)).Expect(HttpStatusCode.Created);
        var pending = (await TopUps(id)).ShouldHaveSingleItem();
        (pending.Str("status"), pending.Amount("remaining")).ShouldBe(("pending", 0m));
        (await Available(id)).ShouldBe((993m, 3m), "a pending top-up adds nothing");

        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/grants/{pending.Id()}/activate", null)).Expect(HttpStatusCode.OK);
        (await Available(id)).ShouldBe((993m, 103m));
        await (await Find(id, 99)).Expect(HttpStatusCode.Created);

        var requests = await TopUps(id);
        requests.Count.ShouldBe(2);
        requests.Count(g => g.Str("status") == "pending").ShouldBe(1);
        (await UsedThisCycle(id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_voided_request_frees_the_rule_to_ask_again_and_still_counts_this_cycle()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 5, amount = 100, mode = "request", maxPerCycle = 3 });
        await (await Find(id, 6)).Expect(HttpStatusCode.Created);
        var first = (await TopUps(id)).ShouldHaveSingleItem();

        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants/{first.Id()}/void", new { reason = "card declined" })).Expect(HttpStatusCode.OK);
        await (await Find(id, 1)).Expect(HttpStatusCode.Created);

        (await TopUps(id)).Select(g => g.Str("status")).Order().ShouldBe(["pending", "voided"]);
        (await UsedThisCycle(id)).ShouldBe(2);
    }

    [Fact]
    public async Task No_more_than_max_per_cycle_top_ups_are_made_and_a_new_cycle_counts_afresh()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 20, amount = 1, mode = "grant", maxPerCycle = 3 });

        for (var i = 0; i < 5; i++)
        {
            await (await Find(id)).Expect(HttpStatusCode.Created);
        }

        (await TopUps(id)).Count.ShouldBe(3);
        (await UsedThisCycle(id)).ShouldBe(3);
        (await Available(id)).DataCredits.ShouldBe(10 - 5 + 3);

        Api.Clock.Advance(TimeSpan.FromDays(32));
        (await UsedThisCycle(id)).ShouldBe(0);
        await (await Find(id)).Expect(HttpStatusCode.Created);
        (await TopUps(id)).Count.ShouldBe(4);
        (await UsedThisCycle(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Replacing_a_rule_keeps_this_cycles_count_and_removing_it_stops_top_ups()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 10, amount = 1, mode = "grant", maxPerCycle = 2 });
        await (await Find(id)).Expect(HttpStatusCode.Created);

        await SetRule(id, new { below = 10, amount = 2, mode = "grant", maxPerCycle = 2 });
        await (await Find(id)).Expect(HttpStatusCode.Created);
        await (await Find(id)).Expect(HttpStatusCode.Created);
        (await TopUps(id)).Select(g => g.Amount("amount")).Order().ShouldBe([1m, 2m]);

        await (await Api.Admin().PutRaw($"/v1/workspaces/{id}/auto-top-up", """{"dataCredits":null}""")).Expect(HttpStatusCode.OK);
        await SetRule(id, new { below = 10, amount = 5, mode = "grant", maxPerCycle = 3 });
        (await UsedThisCycle(id)).ShouldBe(2, "removing and setting a rule again does not reset the cycle's count");
        await (await Find(id)).Expect(HttpStatusCode.Created);
        await (await Find(id)).Expect(HttpStatusCode.Created);
        (await TopUps(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_refused_charge_tops_up_before_its_402_is_answered_whatever_available_is()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 3);
        await SetRule(id, new { below = 1, amount = 50, mode = "grant" });

        await (await Find(id, 5, key: "big")).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");

        (await TopUps(id)).ShouldHaveSingleItem().Amount("amount").ShouldBe(50);
        (await Count("usage_events", id)).ShouldBe(0, "the request stays refused");
        await (await Find(id, 5, key: "big")).Expect(HttpStatusCode.Created);
        (await Available(id)).DataCredits.ShouldBe(48);
    }

    [Fact]
    public async Task A_refused_reservation_and_a_refused_batch_item_top_up_too()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 0);
        await SetRule(id, new { below = 1, amount = 2, mode = "request", maxPerCycle = 10 });

        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "h1", integration = "leadmagic", service = "email_finder" }))
            .ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        var pending = (await TopUps(id)).ShouldHaveSingleItem();
        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/grants/{pending.Id()}/activate", null)).Expect(HttpStatusCode.OK);

        var batch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = new[] { Enrichment("email_finder", "success", "b1", 2), Enrichment("email_finder", "success", "b2", 1) },
        })).Expect(HttpStatusCode.OK);

        batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldBe([201, 402]);
        (await TopUps(id)).Count(g => g.Str("status") == "pending").ShouldBe(1, "the first item left 0 (below 1), the refused second asked no second time");
    }

    [Fact]
    public async Task A_batch_tops_up_after_each_item_that_leaves_available_below_the_threshold()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 8, amount = 1, mode = "grant", maxPerCycle = 100 });

        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = Enumerable.Range(0, 5).Select(i => Enrichment("email_finder", "success", $"b{i}")).ToArray(),
        })).Expect(HttpStatusCode.OK);

        // 10 → 9 → 8 → 7 (+1 = 8) → 7 (+1 = 8) → 7 (+1 = 8)
        (await TopUps(id)).Count.ShouldBe(3);
        (await Available(id)).DataCredits.ShouldBe(8);
    }

    [Fact]
    public async Task A_hold_that_leaves_available_below_the_threshold_tops_up_and_its_settlement_draws_on_it()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 4);
        await SetRule(id, new { below = 2, amount = 10, mode = "grant" });

        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "h", integration = "leadmagic", service = "email_finder", quantity = 3 })).Expect(HttpStatusCode.Created);

        (await TopUps(id)).Count.ShouldBe(1);
        (await Available(id)).DataCredits.ShouldBe(11);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{hold.Id()}/complete", new { outcome = "success" })).Expect(HttpStatusCode.OK);
        (await Available(id)).DataCredits.ShouldBe(11);
    }

    [Fact]
    public async Task Voids_reversals_and_expiries_never_top_up()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 60);
        var bought = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants",
            new { idempotencyKey = "g1", currency = "data_credits", amount = 20, source = "purchase" })).Expect(HttpStatusCode.Created);
        var promo = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new
        {
            idempotencyKey = "g2", currency = "data_credits", amount = 20, source = "promotion", expiresAt = Api.Clock.GetUtcNow().AddDays(1),
        })).Expect(HttpStatusCode.Created);
        var gift = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants",
            new { idempotencyKey = "g3", currency = "data_credits", amount = 20, source = "adjustment" })).Expect(HttpStatusCode.Created);
        await SetRule(id, new { below = 100, amount = 1, mode = "grant" });

        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants/{bought.Id()}/void", new { reason = "refund" })).Expect(HttpStatusCode.OK);
        var giftEntry = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE grant_id = $1", gift.Id());
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{giftEntry}/reverse", new { reason = "typo" })).Expect(HttpStatusCode.Created);
        Api.Clock.Advance(TimeSpan.FromDays(2));
        (await Available(id)).DataCredits.ShouldBe(60, "the promotion expired");

        (await TopUps(id)).ShouldBeEmpty();
        promo.Id().ShouldNotBe(Guid.Empty);
    }

    [Fact]
    public async Task A_replayed_charge_makes_no_second_top_up()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 10);
        await SetRule(id, new { below = 10, amount = 1, mode = "grant" });

        await (await Find(id, key: "once")).Expect(HttpStatusCode.Created);
        await (await Find(id, key: "once")).Expect(HttpStatusCode.OK);

        (await TopUps(id)).Count.ShouldBe(1);
    }
}
