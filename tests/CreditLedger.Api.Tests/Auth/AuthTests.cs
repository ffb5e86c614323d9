namespace CreditLedger.Api.Tests.Auth;

public class AuthTests(LedgerApiFactory api) : IClassFixture<LedgerApiFactory>
{
    [Fact]
    public async Task No_key_is_401()
    {
        await (await api.WithKey(null).GetAsync("/v1/workspaces")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await api.WithKey(null).GetAsync("/v1/integrations")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_unknown_key_is_401() =>
        await (await api.WithKey("clk_nope").GetAsync("/v1/integrations")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");

    [Fact]
    public async Task A_workspace_key_reads_its_own_workspace_and_is_accepted_as_X_Api_Key()
    {
        var id = await api.Workspace();
        var (_, key) = await api.ApiKey(id);
        await (await api.WithKey(key).GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);

        var client = api.WithKey(null);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        await (await client.GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_workspace_key_on_another_workspace_is_404_as_if_it_did_not_exist()
    {
        var mine = await api.Workspace();
        var theirs = await api.Workspace();
        var client = await api.WorkspaceClient(mine);

        await (await client.GetAsync($"/v1/workspaces/{theirs}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync($"/v1/workspaces/{theirs}/users")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await client.Post($"/v1/workspaces/{theirs}/users", new { email = "x@example.com", name = "x" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        (await api.ScalarAsync<long>("SELECT count(*) FROM users WHERE workspace_id = $1", theirs)).ShouldBe(0);
    }

    [Fact]
    public async Task A_workspace_key_on_an_admin_route_is_403()
    {
        var id = await api.Workspace();
        var client = await api.WorkspaceClient(id);

        await (await client.GetAsync("/v1/workspaces")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await client.Post($"/v1/workspaces/{id}/api-keys", new { name = "more" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await client.Put($"/v1/workspaces/{id}/plan", new { name = "Free", actionsPerCycle = 1000000, dataCreditsPerCycle = 1000000 }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_revoked_key_is_401_from_the_next_request_on()
    {
        var id = await api.Workspace();
        var (keyId, key) = await api.ApiKey(id);
        var client = api.WithKey(key);
        await (await client.GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK);

        await (await api.Admin().DeleteAsync($"/v1/workspaces/{id}/api-keys/{keyId}")).Expect(HttpStatusCode.NoContent);

        await (await client.GetAsync($"/v1/workspaces/{id}")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await api.Admin().DeleteAsync($"/v1/workspaces/{id}/api-keys/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Keys_are_shown_once_and_stored_only_as_a_hash()
    {
        var id = await api.Workspace();
        var key = await (await api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "zapier" })).Expect(HttpStatusCode.Created);

        key.Str("key").ShouldStartWith(key.Str("prefix"));
        var stored = await api.ScalarAsync<long>(
            "SELECT count(*) FROM api_keys WHERE workspace_id = $1 AND key_hash = sha256(convert_to($2, 'UTF8'))", id, key.Str("key"));
        stored.ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE position($1 in name || prefix) > 0 AND length($1) > 20", key.Str("key"))).ShouldBe(0);
    }
}
