using CreditLedger.Api.Engine.Rollups;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// Each report reads the narrowest rollups that keep what it groups and filters by: the workspace and integration
/// reports the totals (kind, integration, service), the resource reports the per-resource rollups, the user reports the
/// per-user rollups (kind, user), the rest (reports by key, or filtered across families) the detailed ones. Shown by
/// marking one table's rows and seeing which reports move; a rebuild puts every table back.
/// </summary>
public class RollupFamilyTests(LedgerApiFactory api) : LedgerTest(api)
{
    private const int Mark = 1000;

    [Theory]
    [InlineData("usage_totals_daily", true, false, false)]
    [InlineData("usage_resources_daily", false, true, false)]
    [InlineData("usage_users_daily", false, false, true)]
    [InlineData("usage_rollups_daily", false, false, false)]
    public async Task A_report_moves_only_with_the_rollups_of_its_family(string table, bool workspace, bool resources, bool users)
    {
        var (id, user) = await UsageTwoDaysAgo(events: 3);
        await Api.FoldRollupJournalsAsync();

        await MarkAsync(table, id);

        (await Events(id, "reports/usage?granularity=day")).ShouldBe(workspace ? 3 + Mark : 3, "workspace usage");
        (await Events(id, "integrations/leadmagic/reports/usage?granularity=day")).ShouldBe(workspace ? 3 + Mark : 3, "integration usage");
        (await Events(id, "reports/resources")).ShouldBe(resources ? 3 + Mark : 3, "resources");
        (await Events(id, "reports/usage?granularity=day&resourceId=wb1")).ShouldBe(resources ? 3 + Mark : 3, "workspace usage of a resource");
        (await Events(id, "reports/users")).ShouldBe(users ? 3 + Mark : 3, "users");
        (await Events(id, $"users/{user}/reports/usage?granularity=day")).ShouldBe(users ? 3 + Mark : 3, "a user's usage");

        await RollupRebuilder.RebuildAsync(Api.Services.GetRequiredService<NpgsqlDataSource>(), id, CancellationToken.None);
        (await Events(id, "reports/usage?granularity=day")).ShouldBe(3);
        (await Events(id, "reports/resources")).ShouldBe(3);
        (await Events(id, "reports/users")).ShouldBe(3);
    }

    /// <summary>Enrichments by one user in one workbook, two days ago (whole UTC days of the last week read daily rollups).</summary>
    private async Task<(Guid Id, Guid User)> UsageTwoDaysAgo(int events)
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        var user = await Api.User(id);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/wb1", new { kind = "workbook", name = "wb1" })).Expect(HttpStatusCode.Created);
        var at = Api.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-2).AddHours(12);
        for (var i = 0; i < events; i++)
        {
            await (await Api.Admin().Post($"/v1/workspaces/{id}/usage", new
            {
                idempotencyKey = $"e{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder",
                outcome = "success", userId = user, resourceId = "wb1", occurredAt = at,
            })).Expect(HttpStatusCode.Created);
        }

        return (id, user);
    }

    private async Task MarkAsync(string table, Guid id)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand($"UPDATE {table} SET events = events + {Mark} WHERE workspace_id = $1", connection);
        command.Parameters.AddWithValue(id);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1, $"one row of {table}");
    }

    private async Task<long> Events(Guid id, string path)
    {
        var now = Api.Clock.GetUtcNow().UtcDateTime.Date;
        var range = $"from={now.AddDays(-7):yyyy-MM-dd}T00:00:00Z&to={now:yyyy-MM-dd}T00:00:00Z";
        var report = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/{path}{(path.Contains('?') ? '&' : '?')}{range}")).Expect(HttpStatusCode.OK);
        return report.GetProperty("totals").GetProperty("events").GetInt64();
    }
}
