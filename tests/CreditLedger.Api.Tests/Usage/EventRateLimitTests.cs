using CreditLedger.Api.Engine;

namespace CreditLedger.Api.Tests.Usage;

/// <summary>The event-rate limit counts events, not requests, per workspace; growth is visible per workspace on the meter.</summary>
public class EventRateLimitTests(SlowEventsFactory api) : IClassFixture<SlowEventsFactory>
{
    private static object Batch(int count, string prefix) =>
        new { events = Enumerable.Range(0, count).Select(i => new { idempotencyKey = $"{prefix}-{i}", kind = "export" }).ToArray() };

    [Fact]
    public async Task A_batch_beyond_the_workspace_event_budget_is_429_whole_and_records_nothing_while_other_workspaces_go_on()
    {
        var noisy = await api.Workspace(actions: 10_000);
        var quiet = await api.Workspace(actions: 10_000);
        var since = System.Diagnostics.Stopwatch.StartNew(); // the bucket refills one event a second from here
        await (await api.Admin().Post($"/v1/workspaces/{noisy}/usage/batch", Batch(990, "a"))).Expect(HttpStatusCode.OK);

        var refused = await api.Admin().Post($"/v1/workspaces/{noisy}/usage/batch", Batch(50, "b"));
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1", noisy)).ShouldBe(990);

        // The 10 events left, plus what the bucket refilled meanwhile (however slow this machine is), are accepted; the
        // single event after them is refused. (Counting a fixed 10 and expecting the 11th refused failed on a slow run.)
        var accepted = 0;
        HttpResponseMessage single;
        while ((single = await api.Admin().Post($"/v1/workspaces/{noisy}/usage", new { idempotencyKey = $"s{accepted}", kind = "export" })).StatusCode
            == HttpStatusCode.Created)
        {
            accepted++;
            accepted.ShouldBeLessThanOrEqualTo(10 + (int)Math.Ceiling(since.Elapsed.TotalSeconds), "more events accepted than the budget and its refill allow");
        }

        await single.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        await (await api.Admin().Post($"/v1/workspaces/{quiet}/usage/batch", Batch(500, "q"))).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Recorded_events_and_appended_bytes_are_counted_per_workspace()
    {
        var workspace = await api.Workspace();
        using var measured = new ServiceMeasurements();

        await (await api.Admin().Post($"/v1/workspaces/{workspace}/usage/batch", Batch(3, "m"))).Expect(HttpStatusCode.OK);

        var mine = ("workspace_id", workspace.ToString());
        measured.Sum("creditledger.workspace.events", mine).ShouldBe(3);
        measured.Sum("creditledger.workspace.bytes_appended", mine).ShouldBeGreaterThan(0);
    }
}
