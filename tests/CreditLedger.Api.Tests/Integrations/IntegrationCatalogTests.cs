namespace CreditLedger.Api.Tests.Integrations;

public class IntegrationCatalogTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task A_fresh_install_has_leadmagic_with_its_seven_services()
    {
        var leadmagic = await (await api.Admin().GetAsync("/v1/integrations/leadmagic")).Expect(HttpStatusCode.OK);
        var services = leadmagic.GetProperty("services").EnumerateArray().ToDictionary(s => s.Str("key"), s => s.Str("chargePolicy"));
        services.ShouldBe(new Dictionary<string, string>
        {
            ["email_finder"] = "on_success",
            ["email_validation"] = "per_attempt",
            ["mobile_finder"] = "on_success",
            ["mobile_validation"] = "per_attempt",
            ["b2b_profile_search"] = "on_success",
            ["company_finder"] = "on_success",
            ["jobs_data"] = "on_success",
        }, ignoreOrder: true);
        leadmagic.GetProperty("services").EnumerateArray().ShouldAllBe(s => s.Amount("dataCredits") == 1 && s.Amount("actions") == 1);
    }

    [Fact]
    public async Task The_admin_adds_and_reprices_an_integration_that_everyone_can_read()
    {
        var body = new
        {
            name = "Prospeo",
            services = new[] { new { key = "email_finder", name = "Email Finder", dataCredits = 2.5m, actions = 1, chargePolicy = "on_success" } },
        };
        await (await api.Admin().Put("/v1/integrations/prospeo", body)).Expect(HttpStatusCode.OK);
        var client = await api.WorkspaceClient(await api.Workspace());
        var list = await (await client.GetAsync("/v1/integrations")).Expect(HttpStatusCode.OK);
        list.GetProperty("items").EnumerateArray().Select(i => i.Str("key")).ShouldBe(["leadmagic", "prospeo"]);
        await (await client.Put("/v1/integrations/prospeo", body)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [InlineData("always")]
    [InlineData("ON_SUCCESS")]
    public async Task Unknown_charge_policies_are_400(string chargePolicy) =>
        await (await api.Admin().Put("/v1/integrations/x", new
        {
            name = "X",
            services = new[] { new { key = "a", name = "A", dataCredits = 1, actions = 1, chargePolicy } },
        })).ExpectProblem(HttpStatusCode.BadRequest, "validation");

    [Fact]
    public async Task Unknown_integrations_are_404()
    {
        await (await api.Admin().GetAsync("/v1/integrations/nope")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var id = await api.Workspace();
        await (await api.Admin().Put($"/v1/workspaces/{id}/integrations/nope", new { ownApiKey = true })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_workspace_switches_its_own_provider_key_on_and_off()
    {
        var id = await api.Workspace();
        var client = await api.WorkspaceClient(id);
        var on = await (await client.Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = true })).Expect(HttpStatusCode.OK);
        on.GetProperty("ownApiKey").GetBoolean().ShouldBeTrue();
        await (await client.Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = false })).Expect(HttpStatusCode.OK);
        (await api.ScalarAsync<bool>("SELECT own_api_key FROM workspace_integrations WHERE workspace_id = $1", id)).ShouldBeFalse();
        await (await client.PutAsync($"/v1/workspaces/{id}/integrations/leadmagic", new StringContent("{\"ownApiKey\": \"yes\"}", System.Text.Encoding.UTF8, "application/json")))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }
}
