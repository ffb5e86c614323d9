using System.Text.Json;

namespace CreditLedger.Api.Tests.Resources;

/// <summary>Folders, workbooks and tables: the tree's rules, attribution of usage, and reports by resource.</summary>
public class ResourceTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static object Resource(string kind, string? parentId = null, string name = "r") => new { kind, name, parentId };

    private async Task<JsonElement> Put(Guid id, string resourceId, object body, HttpStatusCode expected) =>
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/{resourceId}", body)).Expect(expected);

    private async Task<(Guid Id, HttpClient Key)> TreeWorkspace()
    {
        var id = await Api.Workspace(actions: 10_000, dataCredits: 10_000);
        await Put(id, "f1", Resource("folder"), HttpStatusCode.Created);
        await Put(id, "wb1", Resource("workbook", "f1"), HttpStatusCode.Created);
        await Put(id, "t1", Resource("table", "wb1"), HttpStatusCode.Created);
        await Put(id, "t2", Resource("table", "wb1"), HttpStatusCode.Created);
        return (id, await Api.WorkspaceClient(id));
    }

    private static object Event(string key, string? resourceId, string kind = "table_run", int quantity = 1) =>
        new { idempotencyKey = key, kind, quantity, resourceId };

    [Fact]
    public async Task Put_creates_then_updates_and_get_and_list_show_the_tree()
    {
        var (id, _) = await TreeWorkspace();
        var renamed = await Put(id, "t1", new { kind = "table", name = "Leads Q4", parentId = "wb1" }, HttpStatusCode.OK);
        renamed.Str("name").ShouldBe("Leads Q4");
        renamed.GetProperty("isDeleted").GetBoolean().ShouldBeFalse();

        var tables = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/resources?kind=table&parentId=wb1")).Expect(HttpStatusCode.OK);
        tables.GetProperty("items").EnumerateArray().Select(r => r.Str("id")).ShouldBe(["t1", "t2"]);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/resources/nope")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/resources?kind=sheet")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Theory]
    [InlineData("table", null)]
    [InlineData("table", "f1")]
    [InlineData("workbook", "wb1")]
    [InlineData("folder", "wb1")]
    [InlineData("table", "t1")]
    [InlineData("folder", "missing")]
    public async Task Kinds_must_sit_under_the_right_parent(string kind, string? parent)
    {
        var (id, _) = await TreeWorkspace();
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/new", Resource(kind, parent))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM resources WHERE id = 'new' AND workspace_id = '{id}'")).ShouldBe(0);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash%2Fin")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Malformed_resource_ids_are_400(string resourceId)
    {
        var (id, _) = await TreeWorkspace();
        var response = await Api.Admin().Put($"/v1/workspaces/{id}/resources/{resourceId}", Resource("folder"));
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await Api.Admin().GetAsync($"/v1/workspaces/{id}/resources/{resourceId}")).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/resources/{resourceId}")).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM resources WHERE workspace_id = '{id}'")).ShouldBe(4);
    }

    [Fact]
    public async Task A_move_that_makes_a_loop_is_400_and_changing_a_kind_must_keep_its_children_valid()
    {
        var (id, _) = await TreeWorkspace();
        await Put(id, "f2", Resource("folder", "f1"), HttpStatusCode.Created);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/f1", Resource("folder", "f2"))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/wb1", Resource("folder", "f1"))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/f1", Resource("folder", "f1"))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Concurrent_opposite_moves_never_make_a_loop()
    {
        var id = await Api.Workspace();
        await Put(id, "a", Resource("folder"), HttpStatusCode.Created);
        await Put(id, "b", Resource("folder"), HttpStatusCode.Created);
        for (var round = 0; round < 10; round++)
        {
            await Put(id, "a", Resource("folder"), HttpStatusCode.OK);
            await Put(id, "b", Resource("folder"), HttpStatusCode.OK);
            var moves = await Task.WhenAll(
                Api.Admin().Put($"/v1/workspaces/{id}/resources/a", Resource("folder", "b")),
                Api.Admin().Put($"/v1/workspaces/{id}/resources/b", Resource("folder", "a")));
            moves.Count(m => m.StatusCode == HttpStatusCode.OK).ShouldBe(1);
            (await Api.ScalarAsync<long>($"SELECT count(*) FROM resources WHERE parent_id IS NULL AND id IN ('a', 'b') AND workspace_id = '{id}'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Delete_is_refused_while_children_live_and_keeps_history()
    {
        var (id, key) = await TreeWorkspace();
        await (await key.Post($"/v1/workspaces/{id}/usage", Event("e1", "t1", quantity: 3))).Expect(HttpStatusCode.Created);
        await (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/resources/wb1")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/resources/t1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/resources/t2")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Api.Admin().DeleteAsync($"/v1/workspaces/{id}/resources/wb1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await key.Post($"/v1/workspaces/{id}/usage", Event("e2", "t1"))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var report = await Report(id, "resources");
        var folder = report.GetProperty("items").EnumerateArray().Single();
        folder.Str("resourceId").ShouldBe("f1");
        var workbook = folder.GetProperty("children").EnumerateArray().Single();
        workbook.GetProperty("isDeleted").GetBoolean().ShouldBeTrue();
        workbook.GetProperty("children").EnumerateArray().Select(c => c.Str("resourceId")).ShouldBe(["t1"]); // t2 had no usage
        folder.Amount("actions").ShouldBe(3);
    }

    [Fact]
    public async Task Usage_and_ledger_entries_carry_the_resource_and_the_key_that_recorded_them()
    {
        var (id, key) = await TreeWorkspace();
        var keyId = await Api.ScalarAsync<Guid>($"SELECT id FROM api_keys WHERE workspace_id = '{id}'");
        await (await key.Post($"/v1/workspaces/{id}/usage", Event("k", "t2"))).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage", Event("a", "t2"))).Expect(HttpStatusCode.Created);

        (await Api.ScalarAsync<long>($"SELECT count(*) FROM usage_events WHERE workspace_id = '{id}' AND resource_id = 't2'")).ShouldBe(2);
        var ledger = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK);
        var charges = ledger.GetProperty("items").EnumerateArray().Where(e => e.Str("type") == "charge").ToList();
        charges.ShouldAllBe(e => e.GetProperty("resourceId").GetString() == "t2");
        charges.Select(e => e.GetProperty("apiKeyId").ValueKind == JsonValueKind.Null ? (Guid?)null : e.GetProperty("apiKeyId").GetGuid())
            .ShouldBe([keyId, null], ignoreOrder: true);
        ledger.GetProperty("items").EnumerateArray().Where(e => e.Str("type") == "grant").ShouldAllBe(e => e.GetProperty("apiKeyId").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Batch_items_and_reservations_name_live_resources_and_a_bad_one_stops_only_itself()
    {
        var (id, key) = await TreeWorkspace();
        var batch = await (await key.Post($"/v1/workspaces/{id}/usage/batch", new { events = new[] { Event("b1", "t1"), Event("b2", "nope"), Event("b3", null) } }))
            .Expect(HttpStatusCode.OK);
        batch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldBe([201, 400, 201]);

        var hold = await (await key.Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "r1", integration = "leadmagic", service = "email_finder", resourceId = "t2" })).Expect(HttpStatusCode.Created);
        await (await key.Post($"/v1/workspaces/{id}/enrichments/{hold.Id()}/complete", new { outcome = "success" })).Expect(HttpStatusCode.OK);
        await (await key.Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "r2", integration = "leadmagic", service = "email_finder", resourceId = "nope" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        var t2 = await Report(id, "usage", "&resourceId=t2");
        t2.GetProperty("totals").Amount("dataCredits").ShouldBe(1);
        t2.GetProperty("totals").GetProperty("events").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task The_resource_filter_covers_descendants_on_every_report_csv_included_and_moves_carry_history()
    {
        var (id, key) = await TreeWorkspace();
        await Put(id, "wb2", Resource("workbook", "f1"), HttpStatusCode.Created);
        await (await key.Post($"/v1/workspaces/{id}/usage", Event("1", "t1", quantity: 2))).Expect(HttpStatusCode.Created);
        await (await key.Post($"/v1/workspaces/{id}/usage", Event("2", "t2", quantity: 5))).Expect(HttpStatusCode.Created);
        await (await key.Post($"/v1/workspaces/{id}/usage", Event("3", null, quantity: 7))).Expect(HttpStatusCode.Created);

        (await Report(id, "usage", "&resourceId=wb1")).GetProperty("totals").Amount("actions").ShouldBe(7);
        (await Report(id, "users", "&resourceId=t2")).GetProperty("totals").Amount("actions").ShouldBe(5);
        (await Report(id, "integrations", "&resourceId=t2")).GetProperty("totals").Amount("actions").ShouldBe(0);
        var integration = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/integrations/leadmagic/reports/usage?{Window()}&granularity=day&timeZone=Asia%2FKolkata&resourceId=wb1"))
            .Expect(HttpStatusCode.OK);
        integration.GetProperty("totals").Amount("actions").ShouldBe(0);
        (await Report(id, "resources", "&granularity=day&timeZone=Asia%2FKolkata&resourceId=wb1")).GetProperty("totals").Amount("actions").ShouldBe(7);
        var csv = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?{Window()}&granularity=hour&resourceId=t1&format=csv")).Content.ReadAsStringAsync();
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => decimal.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(2);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?{Window()}&resourceId=nope")).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        await Put(id, "t2", Resource("table", "wb2"), HttpStatusCode.OK);
        (await Report(id, "usage", "&resourceId=wb1")).GetProperty("totals").Amount("actions").ShouldBe(2);
        (await Report(id, "usage", "&resourceId=wb2")).GetProperty("totals").Amount("actions").ShouldBe(5);
        var tree = await Report(id, "resources");
        tree.GetProperty("unattributed").Amount("actions").ShouldBe(7);
        tree.GetProperty("totals").Amount("actions").ShouldBe(14);
    }

    [Fact]
    public async Task A_poll_with_the_resource_filter_is_304_until_the_tree_changes()
    {
        var (id, _) = await TreeWorkspace();
        var url = $"/v1/workspaces/{id}/reports/usage?{Window()}&resourceId=wb1";
        var first = await Api.Admin().GetAsync(url);
        await first.Expect(HttpStatusCode.OK);
        var poll = new HttpRequestMessage(HttpMethod.Get, url);
        poll.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        (await Api.Admin().SendAsync(poll)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        await Put(id, "t1", Resource("table", "wb1", "renamed"), HttpStatusCode.OK);
        var after = new HttpRequestMessage(HttpMethod.Get, url);
        after.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        (await Api.Admin().SendAsync(after)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var star = new HttpRequestMessage(HttpMethod.Get, url.Replace("wb1", "nope"));
        star.Headers.IfNoneMatch.Add(System.Net.Http.Headers.EntityTagHeaderValue.Any);
        await (await Api.Admin().SendAsync(star)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    private async Task<JsonElement> Report(Guid id, string report, string extra = "") =>
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/{report}?{Window()}{extra}")).Expect(HttpStatusCode.OK);

    private string Window() =>
        $"from={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(1).ToString("O"))}";
}
