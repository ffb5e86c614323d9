using System.Text.Json;

namespace CreditLedger.Api.Tests.Infrastructure;

/// <summary>Every list route pages like the ledger: ?limit&amp;cursor, {items, nextCursor}, null at the end, stable under inserts.</summary>
public class ListPagingTests(LedgerApiFactory api) : LedgerTest(api)
{
    /// <summary>Every page of a list, following nextCursor; the ids in order.</summary>
    private async Task<List<List<string>>> Pages(string path, int limit, Func<JsonElement, string> id)
    {
        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await (await Api.Admin().GetAsync($"{path}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")))
                .Expect(HttpStatusCode.OK);
            pages.Add([.. page.GetProperty("items").EnumerateArray().Select(id)]);
            cursor = page.GetProperty("nextCursor").GetString();
            pages.Count.ShouldBeLessThan(50, path);
        }
        while (cursor is not null);
        return pages;
    }

    private async Task<List<string>> All(string path, Func<JsonElement, string> id) =>
        [.. (await (await Api.Admin().GetAsync(path)).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(id)];

    private static string IdOf(JsonElement e) => e.GetProperty("id").ToString();

    [Fact]
    public async Task Every_list_route_pages_through_all_its_items_in_its_order_and_ends_with_a_null_cursor()
    {
        var id = await Api.Workspace();
        var w = $"/v1/workspaces/{id}";
        for (var i = 0; i < 5; i++)
        {
            await Api.User(id);
            await Api.ApiKey(id);
            await (await Api.Admin().Put($"{w}/resources/r{i}", new { kind = "folder", name = $"Folder {i}" })).Expect(HttpStatusCode.Created);
            await (await Api.Admin().Post($"{w}/grants", new { idempotencyKey = $"g{i}", currency = "actions", amount = 1, source = "purchase" })).Expect(HttpStatusCode.Created);
            await (await Api.Admin().Put($"{w}/spend-limits/resource/r{i}", new { actions = 5 })).Expect(HttpStatusCode.OK);
            await (await Api.Admin().Post($"{w}/webhooks", new { url = $"https://8.8.8.8/hook/{i}", events = new[] { "ping" } })).Expect(HttpStatusCode.Created);
        }

        var lists = new (string Path, Func<JsonElement, string> Id, int Count)[]
        {
            ("/v1/workspaces", IdOf, -1), ($"{w}/users", IdOf, 5), ($"{w}/api-keys", IdOf, 5), ("/v1/integrations", e => e.Str("key"), -1),
            ($"{w}/resources", IdOf, 5), ($"{w}/grants", IdOf, 7), ($"{w}/spend-limits", e => e.Str("scopeId"), 5), ($"{w}/webhooks", IdOf, 5),
        };
        foreach (var (path, itemId, count) in lists)
        {
            var whole = await All(path, itemId);
            var pages = await Pages(path, 2, itemId);

            pages.SelectMany(p => p).ShouldBe(whole, path);
            pages.Take(pages.Count - 1).ShouldAllBe(p => p.Count == 2, path);
            if (count >= 0)
            {
                whole.Count.ShouldBe(count, path);
            }
        }
    }

    [Fact]
    public async Task Items_added_while_a_client_pages_never_repeat_or_hide_an_item_it_was_shown_or_not_yet_shown()
    {
        var id = await Api.Workspace();
        var before = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            before.Add(await Api.User(id));
        }

        var first = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/users?limit=3")).Expect(HttpStatusCode.OK);
        var added = new[] { await Api.User(id), await Api.User(id) };
        var rest = await Pages($"/v1/workspaces/{id}/users?cursor={Uri.EscapeDataString(first.Str("nextCursor"))}", 3, IdOf);

        var seen = first.GetProperty("items").EnumerateArray().Select(IdOf).Concat(rest.SelectMany(p => p)).ToList();
        seen.ShouldBe([.. before.Concat(added).Select(g => g.ToString())]);
    }

    [Fact]
    public async Task The_default_page_is_100_and_the_limit_is_at_most_1000()
    {
        var id = await Api.Workspace();
        await Task.WhenAll(Enumerable.Range(0, 101).Select(i => Api.User(id, $"user-{i}@example.com")));

        var page = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/users")).Expect(HttpStatusCode.OK);
        page.GetProperty("items").GetArrayLength().ShouldBe(100);
        page.GetProperty("nextCursor").GetString().ShouldNotBeNull();
        var all = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/users?limit=1000")).Expect(HttpStatusCode.OK);
        all.GetProperty("items").GetArrayLength().ShouldBe(101);
        all.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("cursor=not*a*cursor", "cursor")]
    [InlineData("cursor=", "cursor")]
    [InlineData("cursor=AA", "cursor")]
    public async Task A_bad_limit_or_cursor_is_a_400_naming_it(string query, string field)
    {
        var id = await Api.Workspace();
        foreach (var path in new[] { "/v1/workspaces", $"/v1/workspaces/{id}/users", $"/v1/workspaces/{id}/resources", "/v1/integrations", $"/v1/workspaces/{id}/grants" })
        {
            var problem = await (await Api.Admin().GetAsync($"{path}?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain(field, path);
        }
    }

    [Fact]
    public async Task The_workspaces_list_filters_by_a_part_of_the_name_in_any_case()
    {
        var zeta = (await (await Api.Admin().Post("/v1/workspaces", new { name = "Zeta Outbound", plan = new { name = "Pro", actionsPerCycle = 1, dataCreditsPerCycle = 1 } }))
            .Expect(HttpStatusCode.Created)).Id();

        var found = await All("/v1/workspaces?name=zeta%20OUT", IdOf);

        found.ShouldBe([zeta.ToString()]);
        (await All("/v1/workspaces?name=no-such-name", IdOf)).ShouldBeEmpty();
    }
}
