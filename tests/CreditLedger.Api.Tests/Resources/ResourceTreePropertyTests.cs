using System.Text.Json;

namespace CreditLedger.Api.Tests.Resources;

/// <summary>
/// A random tree of 50 resources and 2,000 random events on random nodes (some on none): every node of the resources
/// report equals its own events plus its descendants', totals are Σ roots + unattributed, and Clay's workspace report
/// says the same.
/// </summary>
public class ResourceTreePropertyTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Every_node_sums_its_subtree_and_the_v1_and_Clay_reports_agree()
    {
        var rng = new Random(20261202);
        var id = await Api.Workspace(actions: 1_000_000, dataCredits: 1_000_000);
        var key = await Api.WorkspaceClient(id);
        var parents = new Dictionary<string, string?>();
        var kinds = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++)
        {
            var folders = kinds.Where(k => k.Value == "folder").Select(k => k.Key).ToList();
            var workbooks = kinds.Where(k => k.Value == "workbook").Select(k => k.Key).ToList();
            var kind = workbooks.Count > 0 && rng.Next(2) == 0 ? "table" : folders.Count > 0 && rng.Next(2) == 0 ? "workbook" : rng.Next(3) == 0 ? "workbook" : "folder";
            var parent = kind == "table" ? workbooks[rng.Next(workbooks.Count)] : folders.Count > 0 && rng.Next(3) > 0 ? folders[rng.Next(folders.Count)] : null;
            var resourceId = $"r{i}";
            await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/{resourceId}", new { kind, name = resourceId, parentId = parent })).Expect(HttpStatusCode.Created);
            (parents[resourceId], kinds[resourceId]) = (parent, kind);
        }

        var own = new Dictionary<string, decimal>();
        var unattributed = 0m;
        for (var batch = 0; batch < 20; batch++)
        {
            var events = Enumerable.Range(0, 100).Select(i =>
            {
                var resource = rng.Next(10) == 0 ? null : $"r{rng.Next(50)}";
                var quantity = rng.Next(1, 5);
                if (resource is null)
                {
                    unattributed += quantity;
                }
                else
                {
                    own[resource] = own.GetValueOrDefault(resource) + quantity;
                }

                return new { idempotencyKey = $"{batch}-{i}", kind = "ai_call", quantity, resourceId = resource };
            }).ToArray();
            var results = await (await key.Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);
            results.GetProperty("results").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetInt32() == 201);
        }

        decimal Subtree(string node) => own.GetValueOrDefault(node) + parents.Where(p => p.Value == node).Sum(p => Subtree(p.Key));
        var window = $"from={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Api.Clock.GetUtcNow().AddDays(1).ToString("O"))}";
        var report = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/resources?{window}")).Expect(HttpStatusCode.OK);
        var nodes = Flatten(report.GetProperty("items")).ToList();
        nodes.Count.ShouldBe(50);
        nodes.Where(n => n.Amount("actions") != Subtree(n.Str("resourceId"))).Select(n => n.Str("resourceId")).ShouldBeEmpty();
        report.GetProperty("unattributed").Amount("actions").ShouldBe(unattributed);
        report.GetProperty("totals").Amount("actions").ShouldBe(report.GetProperty("items").EnumerateArray().Sum(n => n.Amount("actions")) + unattributed);
        report.GetProperty("totals").Amount("actions").ShouldBe(own.Values.Sum() + unattributed);

        var clay = await (await Api.Admin().GetAsync(
            $"/v3/credit-reporting/{id}/creditReportType/workspace?{window.Replace("from=", "timeRange[startTime]=").Replace("&to=", "&timeRange[endTime]=")}")).Expect(HttpStatusCode.OK);
        var clayNodes = FlattenClay(clay.GetProperty("entities")).ToDictionary(n => n.Str("id"), n => n.Amount("actionExecutions"));
        clayNodes.ShouldBe(nodes.Where(n => n.Amount("actions") > 0).ToDictionary(n => n.Str("resourceId"), n => n.Amount("actions")), ignoreOrder: true);
        clay.Amount("unattributedActionExecutions").ShouldBe(unattributed);
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement items) =>
        items.EnumerateArray().SelectMany(n => Flatten(n.GetProperty("children")).Prepend(n));

    private static IEnumerable<JsonElement> FlattenClay(JsonElement entities) =>
        entities.EnumerateArray().SelectMany(n => FlattenClay(n.GetProperty("subentities")).Prepend(n));
}
