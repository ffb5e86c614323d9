using CreditLedger.Api.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace CreditLedger.Api.Tests.Engine;

public class GroupCommitTests(GroupingApiFactory api) : IClassFixture<GroupingApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LedgerInvariants.AssertAllAsync(api);

    private UsageGroupCommitter Committer => api.Services.GetRequiredService<UsageGroupCommitter>();

    [Fact]
    public async Task Grouped_events_for_many_workspaces_with_tight_balances_charge_exactly_what_each_can_pay()
    {
        var workspaces = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.Workspace(actions: 1000, dataCredits: 5)));
        var (groupsBefore, eventsBefore) = (Committer.GroupsCommitted, Committer.EventsCommitted);

        var requests = workspaces.SelectMany(id => Enumerable.Range(0, 12).Select(i => (id, key: $"row-{i}")))
            .Select(r => api.Admin().Post($"/v1/workspaces/{r.id}/usage", new
            {
                idempotencyKey = r.key, kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
            }));
        var responses = await Task.WhenAll(requests);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(50);
        responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired).ShouldBe(70);
        foreach (var id in workspaces)
        {
            (await api.Balance(id)).GetProperty("dataCredits").Amount("available").ShouldBe(0);
        }

        var grouped = (Committer.EventsCommitted - eventsBefore) / (double)(Committer.GroupsCommitted - groupsBefore);
        grouped.ShouldBeGreaterThan(1.5, "concurrent events should have shared transactions");
    }

    [Fact]
    public async Task Duplicates_inside_one_group_are_replays_and_charge_once()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        var body = new { idempotencyKey = "dup", kind = "enrichment", integration = "leadmagic", service = "email_validation", outcome = "not_found" };
        var conflicting = new { idempotencyKey = "dup", kind = "enrichment", integration = "leadmagic", service = "email_validation", outcome = "success" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => api.Admin().Post($"/v1/workspaces/{id}/usage", i % 10 == 9 ? conflicting : body)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        created.Count.ShouldBe(1);
        var winnerIsConflicting = (await created[0].Json()).Str("outcome") == "success";
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(winnerIsConflicting ? 2 : 26);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(winnerIsConflicting ? 27 : 3);
        responses.Where(r => r.StatusCode == HttpStatusCode.OK).ShouldAllBe(r => r.Headers.Contains("Idempotent-Replayed"));
        (await api.Balance(id)).GetProperty("dataCredits").Amount("available").ShouldBe(99);
    }

    [Fact]
    public async Task Invalid_and_unpaid_events_in_a_group_do_not_disturb_the_others()
    {
        var id = await api.Workspace(actions: 3, dataCredits: 100);
        var bodies = new object[]
        {
            new { idempotencyKey = "a", kind = "export" },
            new { idempotencyKey = "b", kind = "export", userId = Guid.NewGuid() },
            new { idempotencyKey = "c", kind = "export", quantity = 5 },
            new { idempotencyKey = "d", kind = "enrichment", integration = "leadmagic", service = "nope", outcome = "success" },
            new { idempotencyKey = "e", kind = "export", quantity = 2 },
        };

        var statuses = await Task.WhenAll(bodies.Select(async b => (await api.Admin().Post($"/v1/workspaces/{id}/usage", b)).StatusCode));

        statuses.ShouldBe([HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.PaymentRequired, HttpStatusCode.BadRequest, HttpStatusCode.Created],
            ignoreOrder: false);
    }
}
