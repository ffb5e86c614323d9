using System.Text.Json;
using CreditLedger.Rules;

namespace CreditLedger.Api.Tests.Resources;

/// <summary>
/// Trees have a bounded depth (<see cref="ResourceTree.MaxDepth"/> levels), and every walk, limit and report covers the
/// whole of any tree the service holds, including one made deeper before the bound existed.
/// </summary>
public class ResourceDepthTests(LedgerApiFactory api) : LedgerTest(api)
{
    private Task<HttpResponseMessage> Put(Guid id, string resourceId, string kind, string? parentId) =>
        Api.Admin().Put($"/v1/workspaces/{id}/resources/{resourceId}", new { kind, name = resourceId, parentId });

    private async Task Chain(Guid id, string prefix, int levels)
    {
        for (var level = 1; level <= levels; level++)
        {
            await (await Put(id, $"{prefix}{level}", "folder", level == 1 ? null : $"{prefix}{level - 1}")).Expect(HttpStatusCode.Created);
        }
    }

    /// <summary>A chain of folders written straight into the table, as a tree made before the bound could be.</summary>
    private async Task LegacyChain(Guid id, int levels)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var insert = new Npgsql.NpgsqlCommand("""
            INSERT INTO resources (workspace_id, id, kind, name, parent_id, created_at, updated_at)
            SELECT $1, 'deep-' || i, 'folder', 'deep ' || i, CASE WHEN i = 1 THEN NULL ELSE 'deep-' || (i - 1) END, now(), now()
            FROM generate_series(1, $2) AS i
            UNION ALL SELECT $1, 'deep-wb', 'workbook', 'deep workbook', 'deep-' || $2, now(), now()
            UNION ALL SELECT $1, 'deep-tbl', 'table', 'deep table', 'deep-wb', now(), now()
            """, connection) { Parameters = { new() { Value = id }, new() { Value = levels } } };
        await insert.ExecuteNonQueryAsync();
    }

    private Task<HttpResponseMessage> TableRun(Guid id, string resourceId) =>
        Usage(id, new { idempotencyKey = Guid.NewGuid().ToString(), kind = "table_run", resourceId });

    [Fact]
    public async Task A_resource_one_level_below_the_deepest_allowed_is_400_and_stored_nowhere()
    {
        var id = await Api.Workspace();
        await Chain(id, "f", ResourceTree.MaxDepth);

        var problem = await (await Put(id, "too-deep", "folder", $"f{ResourceTree.MaxDepth}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").GetProperty("parentId")[0].GetString()!.ShouldContain($"{ResourceTree.MaxDepth} levels");
        (await Count("resources", id)).ShouldBe(ResourceTree.MaxDepth);
    }

    [Fact]
    public async Task A_move_that_would_carry_a_subtree_below_the_deepest_level_is_400_and_moves_nothing()
    {
        var id = await Api.Workspace();
        await Chain(id, "a", ResourceTree.MaxDepth - 5);
        await Chain(id, "b", 6);

        await (await Put(id, "b1", "folder", $"a{ResourceTree.MaxDepth - 5}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        (await Api.ScalarAsync<string>("SELECT coalesce(parent_id, 'root') FROM resources WHERE workspace_id = $1 AND id = 'b1'", id)).ShouldBe("root");
        await (await Put(id, "b2", "folder", $"a{ResourceTree.MaxDepth - 5}")).Expect(HttpStatusCode.OK); // five levels fit exactly
    }

    [Fact]
    public async Task A_limit_far_above_a_table_in_a_tree_deeper_than_the_bound_still_holds()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await LegacyChain(id, 150);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/spend-limits/resource/deep-1", new { actions = 2 })).Expect(HttpStatusCode.OK);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await TableRun(id, "deep-tbl")).StatusCode);
        }

        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired, HttpStatusCode.PaymentRequired]);
        var limit = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/resource/deep-1")).Expect(HttpStatusCode.OK);
        limit.GetProperty("actions").Amount("spent").ShouldBe(2);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(150)]
    public async Task Reports_over_a_deep_tree_answer_200_with_every_level(int levels)
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await LegacyChain(id, levels);
        await (await TableRun(id, "deep-tbl")).Expect(HttpStatusCode.Created);
        var (from, to) = (DateTimeOffset.UtcNow.AddDays(-1).ToString("O"), DateTimeOffset.UtcNow.AddDays(1).ToString("O"));

        var report = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/resources?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"))
            .Expect(HttpStatusCode.OK);
        var clay = await (await Api.Admin().GetAsync(
            $"/v3/credit-reporting/{id}/creditReportType/workspace?timeRange[startTime]={Uri.EscapeDataString(from)}&timeRange[endTime]={Uri.EscapeDataString(to)}"))
            .Expect(HttpStatusCode.OK);

        Levels(report.GetProperty("items")[0], "children").ShouldBe(levels + 2);
        Levels(clay.GetProperty("entities")[0], "subentities").ShouldBe(levels + 2);
        report.GetProperty("items")[0].Amount("actions").ShouldBe(1);
    }

    private static int Levels(JsonElement node, string children)
    {
        var levels = 1;
        for (; node.GetProperty(children).GetArrayLength() > 0; levels++)
        {
            node = node.GetProperty(children)[0];
        }

        return levels;
    }
}
