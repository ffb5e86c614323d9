using System.Text.Json;

namespace CreditLedger.Api.Tests.Estimates;

/// <summary>Estimates: a planned run's worst case per currency, and the answer a reservation of all of it would get now.</summary>
public class EstimateTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static object Finds(int quantity, string service = "email_finder") => new { integration = "leadmagic", service, quantity };

    private async Task<JsonElement> Estimate(Guid id, object body, HttpClient? client = null) =>
        await (await (client ?? Api.Admin()).Post($"/v1/workspaces/{id}/estimates", body)).Expect(HttpStatusCode.OK);

    private static List<(string, decimal)> Charges(JsonElement estimate) =>
        estimate.GetProperty("charges").EnumerateArray().Select(c => (c.Str("currency"), c.Amount("amount"))).ToList();

    [Fact]
    public async Task An_estimate_sums_the_worst_case_of_every_item_per_currency()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);

        var estimate = await Estimate(id, new { items = new object[] { Finds(500), Finds(20, "email_validation"), new { kind = "ai_call", quantity = 500 } } });

        Charges(estimate).ShouldBe([("actions", 1020m), ("data_credits", 520m)]);
        (estimate.GetProperty("available").Amount("actions"), estimate.GetProperty("available").Amount("dataCredits")).ShouldBe((1000m, 1000m));
        estimate.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        var shortfall = estimate.GetProperty("shortfall");
        (shortfall.Str("currency"), shortfall.Amount("required"), shortfall.Amount("available")).ShouldBe(("actions", 1020m, 1000m));
        estimate.GetProperty("limit").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_run_that_fits_is_allowed_with_neither_shortfall_nor_limit()
    {
        var id = await Api.Workspace();

        var estimate = await Estimate(id, new { items = new[] { Finds(100) } });

        estimate.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        estimate.GetProperty("shortfall").ValueKind.ShouldBe(JsonValueKind.Null);
        estimate.GetProperty("limit").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_currency_that_costs_nothing_is_left_out_and_an_own_key_waives_data_credits()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = true })).Expect(HttpStatusCode.OK);

        Charges(await Estimate(id, new { items = new[] { Finds(3) } })).ShouldBe([("actions", 3m)]);
        Charges(await Estimate(id, new { items = new[] { new { kind = "export", quantity = 2 } } })).ShouldBe([("actions", 2m)]);
    }

    [Fact]
    public async Task The_first_limit_it_would_pass_is_named_in_the_402s_order_with_what_remains()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        var user = await Api.User(id);
        var (keyId, key) = await Api.ApiKey(id);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/api_key/{keyId}", new { dataCredits = 5 })).Expect(HttpStatusCode.OK);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { actions = 50 })).Expect(HttpStatusCode.OK);

        var estimate = await Estimate(id, new { items = new[] { Finds(60) }, userId = user }, Api.WithKey(key));

        estimate.GetProperty("allowed").GetBoolean().ShouldBeFalse();
        estimate.GetProperty("shortfall").ValueKind.ShouldBe(JsonValueKind.Null);
        var limit = estimate.GetProperty("limit");
        (limit.Str("scope"), limit.Str("scopeId"), limit.Str("currency"), limit.Amount("required"), limit.Amount("remaining"))
            .ShouldBe(("user", user.ToString(), "actions", 60m, 50m));
        // The same run under the admin key has no key limit, and without the user none applies at all.
        (await Estimate(id, new { items = new[] { Finds(60) } })).GetProperty("allowed").GetBoolean().ShouldBeTrue();
        var forKey = await Estimate(id, new { items = new[] { Finds(6) }, apiKeyId = keyId });
        forKey.GetProperty("limit").Str("scope").ShouldBe("api_key");
        forKey.GetProperty("limit").Amount("remaining").ShouldBe(5);
    }

    [Fact]
    public async Task Nothing_is_recorded_held_or_raised_and_a_402_free_answer_changes_no_counter()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        var user = await Api.User(id);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { actions = 1 })).Expect(HttpStatusCode.OK);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url = "https://8.8.8.8/hook", events = new[] { "balance.depleted", "spend_limit.reached" } }))
            .Expect(HttpStatusCode.Created);
        var tables = new[] { "ledger_entries", "usage_events", "enrichments", "idempotency_keys", "webhook_events", "alert_marks", "spend_counters" };
        var before = await Task.WhenAll(tables.Select(t => Count(t, id)));
        var head = await Api.ScalarAsync<long>("SELECT last_sequence FROM workspace_heads WHERE workspace_id = $1", id);

        await Estimate(id, new { items = new[] { Finds(50) } });
        await Estimate(id, new { items = new[] { Finds(1) }, userId = user });
        await Estimate(id, new { items = new[] { Finds(5) } });

        (await Task.WhenAll(tables.Select(t => Count(t, id)))).ShouldBe(before);
        (await Api.ScalarAsync<long>("SELECT last_sequence FROM workspace_heads WHERE workspace_id = $1", id)).ShouldBe(head);
        (await Available(id)).ShouldBe((10m, 10m));
        // The same refusal from a real reservation raises the event the estimate did not (recorded before its 402 is answered).
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "r", integration = "leadmagic", service = "email_finder", quantity = 50 }))
            .ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        (await Count("webhook_events", id)).ShouldBe(before[4] + 1);
    }

    [Fact]
    public async Task A_first_touch_of_a_new_cycle_applies_the_boundary_as_any_read_does()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        (await Usage(id, Enrichment("email_finder", "success", quantity: 4))).StatusCode.ShouldBe(HttpStatusCode.Created);
        Api.Clock.Advance(TimeSpan.FromDays(32));
        var entries = await Count("ledger_entries", id);

        var estimate = await Estimate(id, new { items = new[] { Finds(10) } });

        estimate.GetProperty("available").Amount("actions").ShouldBe(10);
        estimate.GetProperty("allowed").GetBoolean().ShouldBeTrue();
        (await Count("ledger_entries", id)).ShouldBeGreaterThan(entries);
        (await Api.ScalarAsync<int>("SELECT cycle_index FROM workspace_heads WHERE workspace_id = $1", id)).ShouldBe(1);
    }

    [Theory]
    [InlineData("""{"items":[]}""", "items")]
    [InlineData("""{}""", "items")]
    [InlineData("""{"items":[{"integration":"leadmagic","service":"email_finder","quantity":0}]}""", "items[0].quantity")]
    [InlineData("""{"items":[{"integration":"leadmagic","service":"email_finder","quantity":1000001}]}""", "items[0].quantity")]
    [InlineData("""{"items":[{"kind":"enrichment","quantity":1}]}""", "items[0].kind")]
    [InlineData("""{"items":[{"kind":"table_run","integration":"leadmagic","quantity":1}]}""", "items[0].integration")]
    [InlineData("""{"items":[{"integration":"leadmagic"}]}""", "items[0].service")]
    [InlineData("""{"items":[{"kind":"teleport"}]}""", "items[0].kind")]
    [InlineData("""{"items":[{"integration":"leadmagic","service":"no_such_service"}]}""", "service")]
    [InlineData("""{"items":[{"kind":"send"}],"resourceId":"no-such-table"}""", "resourceId")]
    [InlineData("""{"items":[{"kind":"send"}],"userId":"0197a0c2-0000-7000-8000-000000000000"}""", "userId")]
    [InlineData("""{"items":[{"kind":"send"}],"apiKeyId":"0197a0c2-0000-7000-8000-000000000000"}""", "apiKeyId")]
    [InlineData("""{"items":[{"kind":"send\u0000"}]}""", "items[0].kind")]
    public async Task Bad_input_is_a_400_naming_the_field(string body, string field)
    {
        var id = await Api.Workspace();
        var items = Enumerable.Repeat("""{"kind":"send"}""", 101);

        var problem = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/estimates", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field);
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/estimates", $$"""{"items":[{{string.Join(',', items)}}]}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Another_keys_limits_need_manage_and_any_key_may_estimate_for_itself()
    {
        var id = await Api.Workspace();
        var (otherId, _) = await Api.ApiKey(id);
        var reader = await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "reader", scopes = new[] { "reports:read" } })).Expect(HttpStatusCode.Created);
        var client = Api.WithKey(reader.Str("key"));

        (await Estimate(id, new { items = new[] { Finds(1) } }, client)).GetProperty("allowed").GetBoolean().ShouldBeTrue();
        (await Estimate(id, new { items = new[] { Finds(1) }, apiKeyId = reader.Id() }, client)).GetProperty("allowed").GetBoolean().ShouldBeTrue();
        await (await client.Post($"/v1/workspaces/{id}/estimates", new { items = new[] { Finds(1) }, apiKeyId = otherId }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        var theirs = await Api.Workspace();
        await (await client.Post($"/v1/workspaces/{theirs}/estimates", new { items = new[] { Finds(1) } })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var (theirKey, _) = await Api.ApiKey(theirs);
        (await (await Api.Admin().Post($"/v1/workspaces/{id}/estimates", new { items = new[] { Finds(1) }, apiKeyId = theirKey }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation")).GetProperty("errors").EnumerateObject().Single().Name.ShouldBe("apiKeyId");
    }
}
