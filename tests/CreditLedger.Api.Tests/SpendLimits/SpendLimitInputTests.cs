namespace CreditLedger.Api.Tests.SpendLimits;

/// <summary>Bad limit requests are 400 or 404 and change nothing; keys need the manage scope to set limits; other tenants' ids are unknown.</summary>
public class SpendLimitInputTests(LedgerApiFactory api) : LedgerTest(api)
{
    private Task<HttpResponseMessage> PutRaw(Guid id, string route, string json) =>
        Api.Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/v1/workspaces/{id}/spend-limits/{route}")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"actions":null,"dataCredits":null}""")]
    [InlineData("""{"dataCredits":-1}""")]
    [InlineData("""{"dataCredits":0.00001}""")]
    [InlineData("""{"dataCredits":1e30}""")]
    [InlineData("""{"actions":"ten"}""")]
    [InlineData("""{"actions":[5]}""")]
    [InlineData("[]")]
    public async Task A_body_that_caps_nothing_or_no_valid_amount_is_400_and_sets_nothing(string json)
    {
        var id = await Api.Workspace();
        var user = await Api.User(id);

        await (await PutRaw(id, $"user/{user}", json)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await PutRaw(id, "defaults/workbook", json)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        (await Count("spend_limits", id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("team/x", HttpStatusCode.BadRequest)]
    [InlineData("resource/has%20space", HttpStatusCode.BadRequest)]
    [InlineData("user/not-a-uuid", HttpStatusCode.NotFound)]
    [InlineData("user/9b2f9d0e-3a43-4c5e-8a34-0d6d1f1c7b11", HttpStatusCode.NotFound)]
    [InlineData("api_key/9b2f9d0e-3a43-4c5e-8a34-0d6d1f1c7b11", HttpStatusCode.NotFound)]
    [InlineData("resource/wb-nowhere", HttpStatusCode.NotFound)]
    public async Task An_unknown_scope_is_400_and_an_unknown_scope_id_is_404(string route, HttpStatusCode expected)
    {
        var id = await Api.Workspace();

        var response = await PutRaw(id, route, """{"dataCredits":5}""");

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Count("spend_limits", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Another_workspaces_user_key_or_resource_is_unknown_here()
    {
        var (mine, theirs) = (await Api.Workspace(), await Api.Workspace());
        var user = await Api.User(theirs);
        var (keyId, _) = await Api.ApiKey(theirs);
        await (await Api.Admin().Put($"/v1/workspaces/{theirs}/resources/wb-theirs", new { kind = "workbook", name = "theirs" })).Expect(HttpStatusCode.Created);

        foreach (var route in new[] { $"user/{user}", $"api_key/{keyId}", "resource/wb-theirs" })
        {
            await (await PutRaw(mine, route, """{"dataCredits":5}""")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        }

        var foreignKey = await Api.WorkspaceClient(theirs);
        await (await foreignKey.GetAsync($"/v1/workspaces/{mine}/spend-limits")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Setting_limits_needs_the_manage_scope_and_reading_them_reports_read()
    {
        var id = await Api.Workspace();
        var user = await Api.User(id);
        var reader = Api.WithKey((await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "dash", scopes = new[] { "reports:read" } }))
            .Expect(HttpStatusCode.Created)).Str("key"));
        var manager = Api.WithKey((await (await Api.Admin().Post($"/v1/workspaces/{id}/api-keys", new { name = "ops", scopes = new[] { "manage" } }))
            .Expect(HttpStatusCode.Created)).Str("key"));

        await (await reader.Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { dataCredits = 5 })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.Put($"/v1/workspaces/{id}/spend-limits/defaults/workbook", new { dataCredits = 5 })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await manager.Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { dataCredits = 5 })).Expect(HttpStatusCode.OK);
        await (await manager.GetAsync($"/v1/workspaces/{id}/spend-limits")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await reader.DeleteAsync($"/v1/workspaces/{id}/spend-limits/user/{user}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var listed = await (await reader.GetAsync($"/v1/workspaces/{id}/spend-limits")).Expect(HttpStatusCode.OK);
        listed.GetProperty("items").GetArrayLength().ShouldBe(1);
        await (await reader.GetAsync($"/v3/workspaces/{id}/default-credit-limits?appliesTo=workbook")).Expect(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?appliesTo=user")]
    [InlineData("?appliesTo=workbook%00")]
    public async Task Clays_default_limit_read_needs_appliesTo_workbook(string query)
    {
        var id = await Api.Workspace();

        await (await Api.Admin().GetAsync($"/v3/workspaces/{id}/default-credit-limits{query}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_counter_that_drifted_from_the_ledger_fails_the_invariant_check()
    {
        var id = await Api.Workspace();
        var user = await Api.User(id);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { dataCredits = 5 })).Expect(HttpStatusCode.OK);
        await (await Usage(id, new { idempotencyKey = "k", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", userId = user }))
            .Expect(HttpStatusCode.Created);
        await MoveCounterAsync(id, +1);
        string? caught = null;
        try
        {
            await LedgerInvariants.AssertAllAsync(Api);
        }
        catch (ShouldAssertException drift)
        {
            caught = drift.Message;
        }
        finally
        {
            await MoveCounterAsync(id, -1);
        }

        caught.ShouldNotBeNull().ShouldContain("recomputed from the ledger");
    }

    private async Task MoveCounterAsync(Guid workspaceId, decimal by)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "UPDATE spend_counters SET data_credits_spent = data_credits_spent + $2 WHERE workspace_id = $1", connection)
        {
            Parameters = { new() { Value = workspaceId }, new() { Value = by } },
        };
        await command.ExecuteNonQueryAsync();
    }
}
