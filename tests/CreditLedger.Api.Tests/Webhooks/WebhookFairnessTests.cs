using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>
/// One tenant's slow or dead receivers use up their own share of the dispatcher only: another tenant's deliveries go
/// out while they stall, a workspace has a bounded number of webhooks, and a webhook a bounded queue.
/// </summary>
public class WebhookFairnessTests(StallingReceiverApiFactory api) : LedgerTest(api), IClassFixture<StallingReceiverApiFactory>
{
    private async Task<Guid> Hook(Guid id, string url) =>
        (await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url, events = new[] { "ping" } })).Expect(HttpStatusCode.Created)).Id();

    private async Task Ping(Guid id, Guid webhook) =>
        await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);

    [Fact]
    public async Task Another_tenants_ping_is_delivered_while_one_tenants_receiver_stalls_on_48()
    {
        // A stall outlasts everything the test may wait (up to 90 s for the first calls, 15 s for the victim's ping), and
        // the factory's attempt timeout outlasts the stall: no stalled call ends, by answer or by timeout, while the test
        // counts, so no fifth call can start in a freed slot.
        await using var stalling = await WebhookReceiver.StartAsync();
        stalling.Answer = _ => (200, TimeSpan.FromMinutes(3));
        await using var healthy = await WebhookReceiver.StartAsync();
        var (attacker, victim) = (await Api.Workspace(), await Api.Workspace());
        var attackerHooks = new[] { await Hook(attacker, stalling.Url), await Hook(attacker, stalling.Url) };
        var victimHook = await Hook(victim, healthy.Url);
        for (var i = 0; i < 48; i++)
        {
            await Ping(attacker, attackerHooks[i % 2]);
        }

        // The bound only decides when to give up: once in a full local run the suite's load on two cores held the first
        // calls back past 30 s (the pings before them took 20 s too); alone they come within a second.
        await Poll.UntilAsync(() => stalling.Started >= 4, TimeSpan.FromSeconds(90), "the stalling receiver was never called");
        await Ping(victim, victimHook);

        (await healthy.NextAsync(within: TimeSpan.FromSeconds(15))).Type.ShouldBe("ping");
        stalling.Started.ShouldBe(4); // two per webhook, four per workspace, however many are queued
        (await Api.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1 AND attempts > 0", attacker)).ShouldBe(4);
    }

    [Fact]
    public async Task A_workspace_has_at_most_ten_webhooks_even_when_added_concurrently()
    {
        var id = await Api.Workspace();

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "ping" } })));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(10);
        await answers.First(a => a.StatusCode != HttpStatusCode.Created).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Count("webhooks", id)).ShouldBe(10);
    }

    [Fact]
    public async Task A_webhook_with_a_full_queue_gets_new_deliveries_recorded_as_failed_and_the_event_is_kept()
    {
        var id = await Api.Workspace();
        var webhook = await Hook(id, "http://127.0.0.1:9/hook");
        await using (var connection = await Api.OpenOwnerConnectionAsync())
        await using (var fill = new Npgsql.NpgsqlCommand("""
            WITH events AS (
                INSERT INTO webhook_events (workspace_id, id, type, body, created_at)
                SELECT $1, gen_random_uuid(), 'ping', '{}', now() FROM generate_series(1, $3) RETURNING id)
            INSERT INTO webhook_deliveries (workspace_id, id, webhook_id, event_id, status, attempts, next_attempt_at, created_at)
            SELECT $1, gen_random_uuid(), $2, id, 'pending', 0, now() + interval '1 day', now() FROM events
            """, connection) { Parameters = { new() { Value = id }, new() { Value = webhook }, new() { Value = CreditLedger.Api.Outbox.OutboxWriter.MaxPendingPerWebhook } } })
        {
            await fill.ExecuteNonQueryAsync();
        }

        await Ping(id, webhook);

        (await Api.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE workspace_id = $1", id)).ShouldBe(CreditLedger.Api.Outbox.OutboxWriter.MaxPendingPerWebhook + 1);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1 AND status = 'failed' AND attempts = 0", id)).ShouldBe(1);
    }
}
