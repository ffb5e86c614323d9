using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.SpendLimits;

/// <summary>
/// Limits hold exactly under concurrent requests, with groups held open so concurrent single events share transactions:
/// a limit that admits N admits exactly N, whatever mix of single events, batches and reservations races for it.
/// </summary>
public class SpendLimitConcurrencyTests(GroupingApiFactory api) : IClassFixture<GroupingApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LedgerInvariants.AssertAllAsync(api);

    private UsageGroupCommitter Committer => api.Services.GetRequiredService<UsageGroupCommitter>();

    private static object Find(string key, string resourceId) => new
    {
        idempotencyKey = key, kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", resourceId,
    };

    /// <summary>A workspace with plenty of credit and a table under a workbook limited to <paramref name="dataCredits"/>.</summary>
    private async Task<Guid> LimitedWorkbook(decimal dataCredits)
    {
        var id = await api.Workspace(actions: 100_000, dataCredits: 100_000);
        await (await api.Admin().Put($"/v1/workspaces/{id}/resources/wb", new { kind = "workbook", name = "Outbound" })).Expect(HttpStatusCode.Created);
        await (await api.Admin().Put($"/v1/workspaces/{id}/resources/tbl", new { kind = "table", name = "Leads", parentId = "wb" })).Expect(HttpStatusCode.Created);
        await (await api.Admin().Put($"/v1/workspaces/{id}/spend-limits/resource/wb", new { dataCredits })).Expect(HttpStatusCode.OK);
        return id;
    }

    private async Task<decimal> Spent(Guid id) =>
        (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/resource/wb")).Expect(HttpStatusCode.OK))
            .GetProperty("dataCredits").Amount("spent");

    [Fact]
    public async Task Two_hundred_concurrent_single_events_against_a_limit_of_37_record_exactly_37()
    {
        var id = await LimitedWorkbook(37);
        var (groupsBefore, eventsBefore) = (Committer.GroupsCommitted, Committer.EventsCommitted);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => api.Admin().Post($"/v1/workspaces/{id}/usage", Find($"e{i}", "tbl"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(37);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ExpectProblem(HttpStatusCode.PaymentRequired, "spend-limit-reached");
        }

        (await Spent(id)).ShouldBe(37);
        (await api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1", id)).ShouldBe(37);
        var grouped = (Committer.EventsCommitted - eventsBefore) / (double)(Committer.GroupsCommitted - groupsBefore);
        grouped.ShouldBeGreaterThan(1.5, "concurrent events should have shared transactions");
    }

    [Fact]
    public async Task Twenty_concurrent_batches_of_ten_against_a_limit_of_55_record_exactly_55()
    {
        var id = await LimitedWorkbook(55);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(b => api.Admin().Post($"/v1/workspaces/{id}/usage/batch",
            new { events = Enumerable.Range(0, 10).Select(i => Find($"b{b}-{i}", "tbl")).ToArray() })));

        var statuses = new List<int>();
        foreach (var response in responses)
        {
            var body = await response.Expect(HttpStatusCode.OK);
            statuses.AddRange(body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        }

        statuses.Count(s => s == 201).ShouldBe(55);
        statuses.Count(s => s == 402).ShouldBe(145);
        (await Spent(id)).ShouldBe(55);
    }

    [Fact]
    public async Task Reservations_single_events_and_batches_racing_for_one_limit_never_pass_it()
    {
        var id = await LimitedWorkbook(60);
        var singles = Enumerable.Range(0, 60).Select(i => api.Admin().Post($"/v1/workspaces/{id}/usage", Find($"s{i}", "tbl")));
        var batches = Enumerable.Range(0, 6).Select(b => api.Admin().Post($"/v1/workspaces/{id}/usage/batch",
            new { events = Enumerable.Range(0, 10).Select(i => Find($"b{b}-{i}", "tbl")).ToArray() }));
        var holds = Enumerable.Range(0, 30).Select(i => api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = $"h{i}", integration = "leadmagic", service = "email_finder", quantity = 2, resourceId = "tbl" }));

        await Task.WhenAll(singles.Concat(batches).Concat(holds));

        var charged = await api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1", id);
        var held = await api.ScalarAsync<long>("SELECT count(*) FROM enrichments WHERE workspace_id = $1", id);
        (charged + (2 * held)).ShouldBe(60, "every data credit under the limit is taken, and not one more");
        (await Spent(id)).ShouldBe(60);
    }
}
