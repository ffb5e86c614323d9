namespace CreditLedger.Api.Tests.Engine;

/// <summary>Charges follow the provider's policy: workspaces pay only for work the provider did.</summary>
public class ChargeRuleTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Theory]
    [InlineData("email_finder", "success", 1, 1)]
    [InlineData("email_finder", "not_found", 0, 0)]
    [InlineData("email_finder", "failed", 0, 0)]
    [InlineData("email_validation", "success", 1, 1)]
    [InlineData("email_validation", "not_found", 1, 1)]
    [InlineData("email_validation", "failed", 0, 0)]
    [InlineData("mobile_finder", "not_found", 0, 0)]
    [InlineData("mobile_validation", "not_found", 1, 1)]
    public async Task Enrichments_are_charged_by_policy_and_outcome(string service, string outcome, decimal actions, decimal dataCredits)
    {
        var id = await Api.Workspace();
        var usage = await (await Usage(id, Enrichment(service, outcome, quantity: 1))).Expect(HttpStatusCode.Created);

        usage.Str("outcome").ShouldBe(outcome);
        var charges = usage.GetProperty("charges").EnumerateArray().ToDictionary(c => c.Str("currency"), c => c.Amount("amount"));
        charges.GetValueOrDefault("actions").ShouldBe(actions);
        charges.GetValueOrDefault("data_credits").ShouldBe(dataCredits);
        (await Available(id)).ShouldBe((100 - actions, 100 - dataCredits));
    }

    [Fact]
    public async Task Quantity_multiplies_the_price()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("company_finder", "success", quantity: 7))).Expect(HttpStatusCode.Created);
        (await Available(id)).ShouldBe((93m, 93m));
    }

    [Theory]
    [InlineData("table_run", "success", 3)]
    [InlineData("ai_call", "success", 3)]
    [InlineData("export", "failed", 0)]
    [InlineData("send", "not_found", 0)]
    public async Task Platform_work_costs_one_action_per_unit_on_success(string kind, string outcome, decimal actions)
    {
        var id = await Api.Workspace();
        await (await Usage(id, new { idempotencyKey = "k", kind, outcome, quantity = 3 })).Expect(HttpStatusCode.Created);
        (await Available(id)).ShouldBe((100 - actions, 100m));
    }

    [Fact]
    public async Task Platform_work_defaults_to_success()
    {
        var id = await Api.Workspace();
        var usage = await (await Usage(id, new { idempotencyKey = "k", kind = "export" })).Expect(HttpStatusCode.Created);
        usage.Str("outcome").ShouldBe("success");
        (await Available(id)).Actions.ShouldBe(99);
    }

    [Fact]
    public async Task Own_provider_key_waives_data_credits_but_not_actions()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = true })).Expect(HttpStatusCode.OK);

        var usage = await (await Usage(id, Enrichment("email_finder", "success", quantity: 2))).Expect(HttpStatusCode.Created);

        usage.GetProperty("charges").EnumerateArray().Select(c => (c.Str("currency"), c.Amount("amount"))).ShouldBe([("actions", 2m)]);
        (await Available(id)).ShouldBe((98m, 100m));
    }

    [Fact]
    public async Task New_prices_apply_from_now_on_and_past_charges_keep_theirs()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await (await Usage(id, Enrichment("jobs_data", "success"))).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Put("/v1/integrations/leadmagic", new
        {
            name = "LeadMagic",
            services = new[] { new { key = "jobs_data", name = "Jobs Data", dataCredits = 2.5m, actions = 0.25m, chargePolicy = "on_success" } },
        })).Expect(HttpStatusCode.OK);

        await (await Usage(id, Enrichment("jobs_data", "success"))).Expect(HttpStatusCode.Created);

        var ledger = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=1000")).Expect(HttpStatusCode.OK);
        ledger.GetProperty("items").EnumerateArray().Where(e => e.Str("type") == "charge" && e.Str("currency") == "data_credits")
            .Select(e => e.Amount("amount")).ShouldBe([-1m, -2.5m]);
        (await Available(id)).ShouldBe((98.75m, 96.5m));
    }

    [Fact]
    public async Task Each_charge_records_the_usage_user_and_service_it_paid_for()
    {
        var id = await Api.Workspace();
        var user = await Api.User(id);
        var body = new { idempotencyKey = "u1", kind = "enrichment", userId = user, integration = "leadmagic", service = "email_finder", outcome = "success" };
        var usage = await (await Usage(id, body)).Expect(HttpStatusCode.Created);

        var ledger = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK);
        var charges = ledger.GetProperty("items").EnumerateArray().Where(e => e.Str("type") == "charge").ToList();
        charges.Count.ShouldBe(2);
        charges.ShouldAllBe(e => e.GetProperty("usageId").GetGuid() == usage.Id() && e.GetProperty("userId").GetGuid() == user
            && e.Str("integration") == "leadmagic" && e.Str("service") == "email_finder" && e.GetProperty("grantId").ValueKind == System.Text.Json.JsonValueKind.String);
    }
}
