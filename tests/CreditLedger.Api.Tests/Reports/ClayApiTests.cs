using System.Text.Json;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>Clay's "Credit Usage" section in Clay's paths and shapes.</summary>
public class ClayApiTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<(Guid Id, Guid User, Guid KeyId, HttpClient Key)> Recorded()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        var user = await Api.User(id, "ada@example.com");
        var (keyId, key) = await Api.ApiKey(id);
        var client = Api.WithKey(key);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/wb", new { kind = "workbook", name = "Outbound", ownerUserId = user })).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/t", new { kind = "table", name = "Leads", parentId = "wb" })).Expect(HttpStatusCode.Created);
        await (await client.Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "1", kind = "enrichment", userId = user, integration = "leadmagic",
            service = "email_finder", outcome = "success", quantity = 2, resourceId = "t" })).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = "2", kind = "table_run", quantity = 3 })).Expect(HttpStatusCode.Created);
        return (id, user, keyId, client);
    }

    private string TimeRange(bool encoded = false)
    {
        var (from, to) = (Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(-1).ToString("O")), Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(1).ToString("O")));
        return encoded ? $"timeRange%5BstartTime%5D={from}&timeRange%5BendTime%5D={to}" : $"timeRange[startTime]={from}&timeRange[endTime]={to}";
    }

    private async Task<JsonElement> Report(Guid id, string type, string extra = "", bool encoded = false) =>
        await (await Api.Admin().GetAsync($"/v3/credit-reporting/{id}/creditReportType/{type}?{TimeRange(encoded)}{extra}")).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task The_workspace_report_is_the_resource_tree_in_Clays_shape_with_raw_or_encoded_brackets()
    {
        var (id, user, _, _) = await Recorded();
        foreach (var encoded in new[] { false, true })
        {
            var report = await Report(id, "workspace", encoded: encoded);
            var workbook = report.GetProperty("entities").EnumerateArray().Single();
            workbook.Str("id").ShouldBe("wb");
            workbook.GetProperty("entity").Str("__kind").ShouldBe("workbook");
            workbook.GetProperty("entity").Str("name").ShouldBe("Outbound");
            workbook.Amount("credits").ShouldBe(2);
            workbook.Amount("actionExecutions").ShouldBe(2);
            workbook.GetProperty("subentities").EnumerateArray().Single().Str("id").ShouldBe("t");
            report.Amount("unattributedActionExecutions").ShouldBe(3);
            report.Amount("unattributedCredits").ShouldBe(0);
        }

        var owners = await Report(id, "workspace", $"&ownerIds%5B0%5D={user}");
        owners.Amount("unattributedActionExecutions").ShouldBe(0);
        owners.GetProperty("entities").EnumerateArray().Single().Amount("credits").ShouldBe(2);
        (await Report(id, "workspace", "&integrations[0]=leadmagic")).Amount("unattributedActionExecutions").ShouldBe(0);
    }

    [Fact]
    public async Task Unknown_owners_and_integrations_are_404_and_malformed_owners_400()
    {
        var (id, _, _, _) = await Recorded();
        await (await Api.Admin().GetAsync($"/v3/credit-reporting/{id}/creditReportType/workspace?{TimeRange()}&ownerIds[0]={Guid.NewGuid()}"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().GetAsync($"/v3/credit-reporting/{id}/creditReportType/api?{TimeRange()}&integrations[0]=nope"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().GetAsync($"/v3/credit-reporting/{id}/creditReportType/user?{TimeRange()}&ownerIds[0]=x"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Api.Admin().GetAsync($"/v3/credit-reporting/{id}/creditReportType/user")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Integration_api_and_user_reports_group_by_their_entities()
    {
        var (id, user, keyId, _) = await Recorded();
        var integration = (await Report(id, "integration")).GetProperty("entities").EnumerateArray().Single();
        integration.Str("id").ShouldBe("leadmagic");
        integration.GetProperty("entity").Str("__kind").ShouldBe("integration");
        var service = integration.GetProperty("subentities").EnumerateArray().Single();
        (service.Str("id"), service.GetProperty("entity").Str("__kind"), service.Amount("credits")).ShouldBe(("email_finder", "service", 2m));

        var api = await Report(id, "api");
        var key = api.GetProperty("entities").EnumerateArray().Single();
        (key.Str("id"), key.GetProperty("entity").Str("__kind"), key.GetProperty("entity").GetProperty("isDeleted").GetBoolean()).ShouldBe((keyId.ToString(), "apiKey", false));
        api.Amount("unattributedActionExecutions").ShouldBe(3); // recorded with the admin key

        var users = await Report(id, "user");
        var ada = users.GetProperty("entities").EnumerateArray().Single();
        (ada.Str("id"), ada.GetProperty("entity").Str("name"), ada.GetProperty("entity").Str("__kind")).ShouldBe((user.ToString(), "ada@example.com", "user"));
        ada.GetProperty("subentities").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Revoking_a_key_changes_the_api_reports_ETag_even_at_the_same_instant()
    {
        var (id, _, keyId, _) = await Recorded();
        var url = $"/v3/credit-reporting/{id}/creditReportType/api?{TimeRange()}";
        var first = await Api.Admin().GetAsync(url);
        await first.Expect(HttpStatusCode.OK);

        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/api-keys/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var poll = new HttpRequestMessage(HttpMethod.Get, url);
        poll.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var after = await (await Api.Admin().SendAsync(poll)).Expect(HttpStatusCode.OK);
        after.GetProperty("entities")[0].GetProperty("entity").GetProperty("isDeleted").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Owners_resources_and_app_accounts_answer_in_Clays_shapes()
    {
        var (id, user, _, key) = await Recorded();
        var owners = await (await key.GetAsync($"/v3/workspaces/{id}/permissions")).Expect(HttpStatusCode.OK);
        owners.GetProperty("owners").EnumerateArray().Single().Str("email").ShouldBe("ada@example.com");

        var mine = await (await key.Post($"/v3/workspaces/{id}/resources_v2/", new { ownerIds = new[] { user } })).Expect(HttpStatusCode.OK);
        var resource = mine.GetProperty("resources").EnumerateArray().Single();
        (resource.Str("id"), resource.Str("__kind"), resource.GetProperty("ownerId").GetGuid()).ShouldBe(("wb", "workbook", user));
        var tables = await (await key.Post($"/v3/workspaces/{id}/resources_v2/", new { kinds = new[] { "table" } })).Expect(HttpStatusCode.OK);
        tables.GetProperty("resources").EnumerateArray().Single().Str("parentId").ShouldBe("wb");

        await (await Api.Admin().Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = true })).Expect(HttpStatusCode.OK);
        var accounts = await (await key.GetAsync($"/v3/workspaces/{id}/app-accounts")).Expect(HttpStatusCode.OK);
        var leadmagic = accounts.GetProperty("appAccounts").EnumerateArray().Single(a => a.Str("id") == "leadmagic");
        leadmagic.GetProperty("ownApiKey").GetBoolean().ShouldBeTrue();
    }
}
