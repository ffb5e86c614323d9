using System.Text.Json;

namespace CreditLedger.Api.Tests.SpendLimits;

/// <summary>Caps per user, key and resource per billing cycle: checked after the balance, counted by every charge, hold, release and reversal.</summary>
public class SpendLimitTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<JsonElement> PutLimit(Guid id, string scope, string scopeId, object caps, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/{scope}/{scopeId}", caps)).Expect(expected);

    private async Task<JsonElement> Limit(Guid id, string scope, string scopeId) =>
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/{scope}/{scopeId}")).Expect(HttpStatusCode.OK);

    private async Task Resource(Guid id, string resourceId, string kind, string? parentId = null) =>
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/{resourceId}", new { kind, name = resourceId, parentId })).Expect(HttpStatusCode.Created);

    /// <summary>One email found: 1 action and 1 data credit per unit.</summary>
    private Task<HttpResponseMessage> Find(Guid id, int quantity = 1, Guid? userId = null, string? resourceId = null, HttpClient? client = null) =>
        (client ?? Api.Admin()).Post($"/v1/workspaces/{id}/usage", new
        {
            idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder",
            outcome = "success", quantity, userId, resourceId,
        });

    private static async Task<JsonElement> ExpectLimitReached(HttpResponseMessage response, string scope, string scopeId, string currency, decimal required, decimal available)
    {
        var problem = await response.ExpectProblem(HttpStatusCode.PaymentRequired, "spend-limit-reached");
        problem.GetProperty("limit").Str("scope").ShouldBe(scope);
        problem.GetProperty("limit").Str("scopeId").ShouldBe(scopeId);
        (problem.Str("currency"), problem.Amount("required"), problem.Amount("available")).ShouldBe((currency, required, available));
        return problem;
    }

    [Fact]
    public async Task A_user_limit_refuses_the_charge_that_would_pass_it_and_records_nothing()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        var limit = await PutLimit(id, "user", user.ToString(), new { dataCredits = 3 });
        limit.GetProperty("dataCredits").Amount("limit").ShouldBe(3);
        limit.GetProperty("actions").ValueKind.ShouldBe(JsonValueKind.Null);

        (await Find(id, 2, user)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ExpectLimitReached(await Find(id, 2, user), "user", user.ToString(), "data_credits", 2, 1);
        (await Find(id, 5)).StatusCode.ShouldBe(HttpStatusCode.Created); // usage of no user is not capped by it

        (await Count("usage_events", id)).ShouldBe(2);
        var after = await Limit(id, "user", user.ToString());
        (after.GetProperty("dataCredits").Amount("spent"), after.GetProperty("dataCredits").Amount("remaining")).ShouldBe((2m, 1m));
        (await Available(id)).ShouldBe((93m, 93m));
    }

    [Fact]
    public async Task Insufficient_credits_is_checked_before_any_limit()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 1);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 0 });

        await (await Find(id, 2, user)).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        await ExpectLimitReached(await Find(id, 1, user), "user", user.ToString(), "data_credits", 1, 0);
    }

    [Fact]
    public async Task A_key_limit_caps_what_that_key_records_and_nothing_else()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var (keyId, key) = await Api.ApiKey(id);
        await PutLimit(id, "api_key", keyId.ToString(), new { actions = 4 });
        var client = Api.WithKey(key);

        (await Find(id, 3, client: client)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ExpectLimitReached(await Find(id, 2, client: client), "api_key", keyId.ToString(), "actions", 2, 1);
        (await Find(id, 2)).StatusCode.ShouldBe(HttpStatusCode.Created); // the admin key is no workspace key

        (await Limit(id, "api_key", keyId.ToString())).GetProperty("actions").Amount("spent").ShouldBe(3);
    }

    [Fact]
    public async Task A_resource_limit_covers_its_descendants_and_the_nearest_limit_is_named_first()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await Resource(id, "f-sales", "folder");
        await Resource(id, "wb-outbound", "workbook", "f-sales");
        await Resource(id, "tbl-leads", "table", "wb-outbound");
        await PutLimit(id, "resource", "f-sales", new { dataCredits = 10 });
        await PutLimit(id, "resource", "wb-outbound", new { dataCredits = 4 });

        (await Find(id, 3, resourceId: "tbl-leads")).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ExpectLimitReached(await Find(id, 2, resourceId: "tbl-leads"), "resource", "wb-outbound", "data_credits", 2, 1);
        (await Find(id, 6, resourceId: "f-sales")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Find(id, 1, resourceId: "tbl-leads")).StatusCode.ShouldBe(HttpStatusCode.Created); // exactly up to both caps
        await ExpectLimitReached(await Find(id, 1, resourceId: "f-sales"), "resource", "f-sales", "data_credits", 1, 0);

        (await Limit(id, "resource", "f-sales")).GetProperty("dataCredits").Amount("spent").ShouldBe(10);
        (await Limit(id, "resource", "wb-outbound")).GetProperty("dataCredits").Amount("spent").ShouldBe(4);
    }

    [Fact]
    public async Task The_user_limit_is_checked_before_the_resource_limit()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await Resource(id, "wb-1", "workbook");
        await PutLimit(id, "resource", "wb-1", new { actions = 1 });
        await PutLimit(id, "user", user.ToString(), new { actions = 1 });

        await ExpectLimitReached(await Find(id, 2, user, "wb-1"), "user", user.ToString(), "actions", 2, 1);
    }

    [Fact]
    public async Task The_workbook_default_caps_every_workbook_without_its_own_limit_and_lists_as_no_limit()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await Resource(id, "wb-a", "workbook");
        await Resource(id, "tbl-a", "table", "wb-a");
        await Resource(id, "wb-b", "workbook");
        (await Find(id, 2, resourceId: "tbl-a")).StatusCode.ShouldBe(HttpStatusCode.Created); // spent before the default is set counts
        var set = await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/defaults/workbook", new { dataCredits = 4 })).Expect(HttpStatusCode.OK);
        (set.Str("scope"), set.GetProperty("actions").ValueKind, set.Amount("dataCredits")).ShouldBe(("workbook_default", JsonValueKind.Null, 4m));
        await PutLimit(id, "resource", "wb-b", new { dataCredits = 10 });

        await ExpectLimitReached(await Find(id, 3, resourceId: "tbl-a"), "resource", "wb-a", "data_credits", 3, 2);
        (await Find(id, 8, resourceId: "wb-b")).StatusCode.ShouldBe(HttpStatusCode.Created); // its own limit replaces the default

        var listed = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits")).Expect(HttpStatusCode.OK)).GetProperty("items");
        listed.EnumerateArray().Select(l => l.Str("scopeId")).ShouldBe(["wb-b"]);
        var clay = await (await Api.Admin().GetAsync($"/v3/workspaces/{id}/default-credit-limits?appliesTo=workbook")).Expect(HttpStatusCode.OK);
        (clay.Str("appliesTo"), clay.GetProperty("defaultLimit").GetRawText()).ShouldBe(("workbook", "4"));
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/defaults/workbook")).Expect(HttpStatusCode.OK)).Amount("dataCredits").ShouldBe(4);

        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/spend-limits/defaults/workbook")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Find(id, 3, resourceId: "tbl-a")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var none = await (await Api.Admin().GetAsync($"/v3/workspaces/{id}/default-credit-limits?appliesTo=workbook")).Expect(HttpStatusCode.OK);
        none.GetProperty("defaultLimit").ValueKind.ShouldBe(JsonValueKind.Null);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/defaults/workbook")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Pending_holds_count_as_spent_until_released_and_a_completion_counts_only_its_charge()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 5 });
        Task<HttpResponseMessage> Reserve(int quantity) => Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = Guid.NewGuid().ToString(), userId = user, integration = "leadmagic", service = "email_finder", quantity });

        var first = await (await Reserve(3)).Expect(HttpStatusCode.Created);
        (await Limit(id, "user", user.ToString())).GetProperty("dataCredits").Amount("spent").ShouldBe(3);
        await ExpectLimitReached(await Reserve(3), "user", user.ToString(), "data_credits", 3, 2);

        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{first.Id()}/complete", new { outcome = "not_found" })).Expect(HttpStatusCode.OK);
        (await Limit(id, "user", user.ToString())).GetProperty("dataCredits").Amount("spent").ShouldBe(0);
        var second = await (await Reserve(5)).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{second.Id()}/complete", new { outcome = "success" })).Expect(HttpStatusCode.OK);
        (await Limit(id, "user", user.ToString())).GetProperty("dataCredits").Amount("spent").ShouldBe(5);
    }

    [Fact]
    public async Task A_reversed_charge_gives_its_room_back()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 4 });
        await (await Find(id, 4, user)).Expect(HttpStatusCode.Created);
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE workspace_id = $1 AND type = 'charge' AND currency = 'data_credits'", id);

        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "provider outage" })).Expect(HttpStatusCode.Created);

        (await Limit(id, "user", user.ToString())).GetProperty("dataCredits").Amount("spent").ShouldBe(0);
        (await Find(id, 4, user)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_limit_set_or_lowered_after_spending_starts_from_what_was_spent_and_changes_no_past_charge()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await (await Find(id, 5, user)).Expect(HttpStatusCode.Created);
        var ledgerBefore = await Count("ledger_entries", id);

        var limit = await PutLimit(id, "user", user.ToString(), new { dataCredits = 2, actions = 50 });

        limit.GetProperty("dataCredits").Amount("spent").ShouldBe(5);
        limit.GetProperty("dataCredits").Amount("remaining").ShouldBe(0);
        limit.GetProperty("actions").Amount("remaining").ShouldBe(45);
        (await Count("ledger_entries", id)).ShouldBe(ledgerBefore);
        await ExpectLimitReached(await Find(id, 1, user), "user", user.ToString(), "data_credits", 1, 0);
    }

    [Fact]
    public async Task Spent_starts_again_from_zero_in_the_next_billing_cycle()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        var limit = await PutLimit(id, "user", user.ToString(), new { dataCredits = 3 });
        await (await Find(id, 3, user)).Expect(HttpStatusCode.Created);

        Api.Clock.Advance(TimeSpan.FromDays(32));

        var next = await Limit(id, "user", user.ToString());
        next.GetProperty("dataCredits").Amount("spent").ShouldBe(0);
        next.GetProperty("period").GetProperty("start").GetDateTimeOffset().ShouldBe(limit.GetProperty("period").GetProperty("end").GetDateTimeOffset());
        (await Find(id, 3, user)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ExpectLimitReached(await Find(id, 1, user), "user", user.ToString(), "data_credits", 1, 0);
    }

    [Fact]
    public async Task A_hold_or_charge_of_the_last_cycle_undone_in_this_one_gives_this_cycle_nothing_back()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 10 });
        await (await Find(id, 2, user)).Expect(HttpStatusCode.Created);
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE workspace_id = $1 AND type = 'charge' AND currency = 'data_credits'", id);
        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "h", userId = user, integration = "leadmagic", service = "email_finder", quantity = 3 })).Expect(HttpStatusCode.Created);

        Api.Clock.Advance(TimeSpan.FromDays(32));
        await (await Find(id, 1, user)).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{hold.Id()}/cancel", new { })).Expect(HttpStatusCode.OK);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);

        (await Limit(id, "user", user.ToString())).GetProperty("dataCredits").Amount("spent").ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_item_refused_by_a_limit_does_not_stop_the_others()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 2 });
        object Item(int i, Guid? who) => new
        {
            idempotencyKey = $"b{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", userId = who,
        };

        var batch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch",
            new { events = new[] { Item(0, user), Item(1, user), Item(2, user), Item(3, null) } })).Expect(HttpStatusCode.OK);

        var statuses = batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToList();
        statuses.ShouldBe([201, 201, 402, 201]);
        batch.GetProperty("results")[2].GetProperty("error").Str("type").ShouldEndWith("spend-limit-reached");
        (await Count("usage_events", id)).ShouldBe(3);
    }

    [Fact]
    public async Task Moving_a_table_moves_its_spend_to_the_limits_above_its_new_place()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await Resource(id, "wb-old", "workbook");
        await Resource(id, "wb-new", "workbook");
        await Resource(id, "tbl", "table", "wb-old");
        await PutLimit(id, "resource", "wb-old", new { dataCredits = 10 });
        await PutLimit(id, "resource", "wb-new", new { dataCredits = 10 });
        await (await Find(id, 4, resourceId: "tbl")).Expect(HttpStatusCode.Created);

        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/tbl", new { kind = "table", name = "tbl", parentId = "wb-new" })).Expect(HttpStatusCode.OK);

        (await Limit(id, "resource", "wb-old")).GetProperty("dataCredits").Amount("spent").ShouldBe(0);
        (await Limit(id, "resource", "wb-new")).GetProperty("dataCredits").Amount("spent").ShouldBe(4);
        await ExpectLimitReached(await Find(id, 7, resourceId: "tbl"), "resource", "wb-new", "data_credits", 7, 6);
    }

    [Fact]
    public async Task Deleting_a_limit_lifts_it_and_deleting_one_never_set_is_404()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var user = await Api.User(id);
        await PutLimit(id, "user", user.ToString(), new { dataCredits = 0 });
        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/spend-limits/user/{user}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Find(id, 1, user)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/spend-limits/user/{user}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/spend-limits/defaults/workbook")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await Count("spend_counters", id)).ShouldBe(0);
    }
}
