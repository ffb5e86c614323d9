namespace CreditLedger.Api.Tests.Engine;

/// <summary>Create-or-update routes hit at once by many callers all succeed, and leave one row.</summary>
public class ConcurrentUpsertTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Parallel_puts_of_a_new_integration_all_succeed()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Api.Admin().Put("/v1/integrations/parallel_new", new
        {
            name = $"Parallel {i}",
            services = new[] { new { key = "s", name = "S", dataCredits = 1, actions = 1, chargePolicy = "on_success" } },
        })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM integration_services WHERE integration_key = 'parallel_new'")).ShouldBe(1);
    }

    [Fact]
    public async Task Parallel_first_own_key_switches_all_succeed()
    {
        var id = await Api.Workspace();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Api.Admin().Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = i % 2 == 0 })));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await Count("workspace_integrations", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Own_key_switch_for_an_unknown_integration_is_404()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Put($"/v1/workspaces/{id}/integrations/nope", new { ownApiKey = true })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}
