using System.Text.Json;
using CreditLedger.Api.Outbox;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Alerts;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>Alerts reach a real receiver as signed Standard Webhooks, once per the contract's rule, from the outbox.</summary>
public class WebhookTests(WebhookApiFactory api) : IClassFixture<WebhookApiFactory>, IAsyncLifetime
{
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await LedgerInvariants.AssertAllAsync(api);
    }

    private async Task<(Guid Id, string Secret)> Subscribe(Guid workspaceId, params string[] events)
    {
        var created = await (await api.Admin().Post($"/v1/workspaces/{workspaceId}/webhooks", new { url = receiver.Url, events })).Expect(HttpStatusCode.Created);
        return (created.Id(), created.Str("secret"));
    }

    private Task<HttpResponseMessage> Find(Guid id, int quantity = 1) => api.Admin().Post($"/v1/workspaces/{id}/usage", new
    {
        idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", quantity,
    });

    private async Task SetLowBalance(Guid id, decimal dataCredits) =>
        await (await api.Admin().Put($"/v1/workspaces/{id}/alerts", new { dataCredits = new { lowBalance = dataCredits } })).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Usage_that_crosses_the_low_balance_threshold_delivers_one_signed_balance_low()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 10);
        var (_, secret) = await Subscribe(id, "balance.low");
        await SetLowBalance(id, 5);
        await (await Find(id, 4)).Expect(HttpStatusCode.Created); // 6 left: not below

        await (await Find(id, 2)).Expect(HttpStatusCode.Created); // 4 left: below 5
        var low = await receiver.NextAsync(r => r.Type == "balance.low"); // how fast: scripts/webhook-check.sh measures it

        var data = low.Json.GetProperty("data");
        (data.Str("currency"), data.Amount("available"), data.Amount("threshold")).ShouldBe(("data_credits", 4m, 5m));
        (low.Json.GetProperty("workspaceId").GetGuid(), low.Json.Str("id")).ShouldBe((id, low.Id));
        WebhookSignatures.IsValid(secret, low).ShouldBeTrue();
        (await WebhookSignatures.VerifyWithReferenceLibraryAsync(secret, [low])).ShouldBe(["valid"]);

        await (await Find(id, 1)).Expect(HttpStatusCode.Created); // still below: no second event for the same crossing
        await api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "top", currency = "data_credits", amount = 10, source = "purchase" });
        await (await Find(id, 9)).Expect(HttpStatusCode.Created); // re-armed by the top-up, crossed again
        await receiver.NextAsync(r => r.Type == "balance.low", count: 2);
        receiver.Received.Count(r => r.Type == "balance.low").ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_that_crosses_the_threshold_raises_one_balance_low()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 20);
        await Subscribe(id, "balance.low", "ping");
        await SetLowBalance(id, 15);

        var events = Enumerable.Range(0, 10).Select(i => new
        {
            idempotencyKey = $"b{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
        });
        await (await api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);
        await receiver.NextAsync(r => r.Type == "balance.low");
        var webhook = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks")).Expect(HttpStatusCode.OK)).GetProperty("items")[0].Id();
        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        await receiver.NextAsync(r => r.Type == "ping"); // delivered after anything raised before it would have been

        receiver.Received.Count(r => r.Type == "balance.low").ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_single_events_that_cross_the_threshold_together_raise_one_balance_low()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 40);
        await Subscribe(id, "balance.low", "ping");
        await SetLowBalance(id, 25);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Find(id)));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        await receiver.NextAsync(r => r.Type == "balance.low");
        var webhook = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks")).Expect(HttpStatusCode.OK)).GetProperty("items")[0].Id();
        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        await receiver.NextAsync(r => r.Type == "ping");

        receiver.Received.Count(r => r.Type == "balance.low").ShouldBe(1);
        (await api.ScalarAsync<long>("SELECT count(*) FROM webhook_events WHERE workspace_id = $1 AND type = 'balance.low'", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_402_delivers_balance_depleted_once_and_a_top_up_delivers_balance_recovered()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 1);
        var (_, secret) = await Subscribe(id, "balance.depleted", "balance.recovered");

        await (await Find(id, 2)).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        var depleted = await receiver.NextAsync(r => r.Type == "balance.depleted");
        depleted.Json.GetProperty("data").Str("currency").ShouldBe("data_credits");
        await (await Find(id, 2)).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");

        await (await api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "top", currency = "data_credits", amount = 5, source = "purchase" }))
            .Expect(HttpStatusCode.Created);
        var recovered = await receiver.NextAsync(r => r.Type == "balance.recovered");
        recovered.Json.GetProperty("data").Amount("available").ShouldBe(6);
        await (await Find(id, 7)).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        await receiver.NextAsync(r => r.Type == "balance.depleted", count: 2);

        receiver.Received.Select(r => r.Type).ShouldBe(["balance.depleted", "balance.recovered", "balance.depleted"]);
        (await WebhookSignatures.VerifyWithReferenceLibraryAsync(secret, receiver.Received)).ShouldAllBe(v => v == "valid");
    }

    [Fact]
    public async Task A_spend_limit_refusal_delivers_spend_limit_reached_once_per_limit_currency_and_cycle()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        var user = await api.User(id);
        await (await api.Admin().Put($"/v1/workspaces/{id}/spend-limits/user/{user}", new { dataCredits = 1 })).Expect(HttpStatusCode.OK);
        await Subscribe(id, "spend_limit.reached", "ping");
        Task<HttpResponseMessage> Spend(int quantity) => api.Admin().Post($"/v1/workspaces/{id}/usage", new
        {
            idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", quantity, userId = user,
        });

        for (var i = 0; i < 3; i++)
        {
            await (await Spend(2)).ExpectProblem(HttpStatusCode.PaymentRequired, "spend-limit-reached");
        }

        var reached = await receiver.NextAsync(r => r.Type == "spend_limit.reached");
        reached.Json.GetProperty("data").GetProperty("limit").Str("scopeId").ShouldBe(user.ToString());
        var webhook = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks")).Expect(HttpStatusCode.OK)).GetProperty("items")[0].Id();
        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        await receiver.NextAsync(r => r.Type == "ping");
        receiver.Received.Count(r => r.Type == "spend_limit.reached").ShouldBe(1);
    }

    [Fact]
    public async Task Crossing_a_cycle_boundary_delivers_cycle_renewed_and_what_the_rollover_cap_forfeited()
    {
        var created = await (await api.Admin().Post("/v1/workspaces", new
        {
            name = "Acme", plan = new { name = "Pro", actionsPerCycle = 10, dataCreditsPerCycle = 10, rollover = new { dataCredits = 4 } },
        })).Expect(HttpStatusCode.Created);
        var id = created.Id();
        await Subscribe(id, "cycle.renewed", "rollover.forfeited");
        await (await Find(id, 2)).Expect(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromDays(32));
        await api.Balance(id);

        var forfeited = (await receiver.NextAsync(r => r.Type == "rollover.forfeited" && r.Json.GetProperty("data").Str("currency") == "data_credits")).Json.GetProperty("data");
        (forfeited.Amount("unused"), forfeited.Amount("carried"), forfeited.Amount("forfeited")).ShouldBe((8m, 4m, 4m));
        var renewed = (await receiver.NextAsync(r => r.Type == "cycle.renewed")).Json.GetProperty("data");
        renewed.GetProperty("grants").EnumerateArray().Select(g => g.Str("source")).ShouldBe(["rollover", "subscription", "subscription"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_expiry_sweep_delivers_grant_expiring_once_per_grant_within_the_horizon()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        await Subscribe(id, "grant.expiring");
        await (await api.Admin().Put($"/v1/workspaces/{id}/alerts", new { expiringWithinDays = 3 })).Expect(HttpStatusCode.OK);
        var soon = await (await api.Admin().Post($"/v1/workspaces/{id}/grants", new
        {
            idempotencyKey = "promo", currency = "data_credits", amount = 5, source = "promotion", expiresAt = api.Clock.GetUtcNow().AddDays(2),
        })).Expect(HttpStatusCode.Created);
        var sweep = api.Services.GetRequiredService<GrantExpirySweep>();

        (await sweep.SweepAsync(CancellationToken.None)).ShouldBe(1); // the subscription grant ends in a month: outside 3 days
        (await sweep.SweepAsync(CancellationToken.None)).ShouldBe(0);

        var expiring = (await receiver.NextAsync(r => r.Type == "grant.expiring")).Json.GetProperty("data");
        (expiring.GetProperty("grantId").GetGuid(), expiring.Amount("remaining")).ShouldBe((soon.Id(), 5m));
    }

    [Fact]
    public async Task A_receiver_that_answers_500_then_200_gets_the_event_on_the_retry()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 10);
        var (webhook, _) = await Subscribe(id, "ping");
        receiver.Answer = n => (n == 1 ? 500 : 200, TimeSpan.Zero);

        var ping = await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        await receiver.NextAsync();
        var pending = await WaitForDelivery(id, webhook, d => d.GetProperty("lastResponseStatus").ValueKind == JsonValueKind.Number);
        (pending.Str("status"), pending.GetProperty("attempts").GetInt32(), pending.GetProperty("lastResponseStatus").GetInt32()).ShouldBe(("pending", 1, 500));

        api.Clock.Advance(TimeSpan.FromSeconds(5));
        var retried = await receiver.NextAsync(count: 2);

        retried.Id.ShouldBe(ping.GetProperty("eventId").GetGuid().ToString());
        var done = await WaitForDelivery(id, webhook, d => d.Str("status") == "succeeded");
        (done.GetProperty("attempts").GetInt32(), done.GetProperty("lastResponseStatus").GetInt32()).ShouldBe((2, 200));
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_timed_out_and_retried_and_one_that_keeps_failing_ends_failed()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 10);
        var (webhook, _) = await Subscribe(id, "ping");
        receiver.Answer = n => n == 1 ? (200, TimeSpan.FromSeconds(30)) : (503, TimeSpan.Zero);

        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        var timedOut = await WaitForDelivery(id, webhook, d => d.GetProperty("attempts").GetInt32() == 1 && d.GetProperty("nextAttemptAt").GetDateTimeOffset() < api.Clock.GetUtcNow().AddSeconds(5.5));
        timedOut.GetProperty("lastResponseStatus").ValueKind.ShouldBe(JsonValueKind.Null); // no answer within the timeout

        // Each retry comes due as the clock reaches it, and is settled with the next delay (a claimed one shows the 20 s lease).
        foreach (var (delay, attempt, next) in new[] { (5, 2, 30), (30, 3, 120) })
        {
            api.Clock.Advance(TimeSpan.FromSeconds(delay));
            await WaitForDelivery(id, webhook, d => d.GetProperty("attempts").GetInt32() == attempt
                && Math.Abs((d.GetProperty("nextAttemptAt").GetDateTimeOffset() - api.Clock.GetUtcNow().AddSeconds(next)).TotalMilliseconds) < 1);
        }

        api.Clock.Advance(TimeSpan.FromSeconds(120));

        var failed = await WaitForDelivery(id, webhook, d => d.Str("status") == "failed");
        (failed.GetProperty("attempts").GetInt32(), failed.GetProperty("lastResponseStatus").GetInt32()).ShouldBe((4, 503));
        failed.GetProperty("nextAttemptAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_webhook_whose_secret_cannot_be_read_fails_its_own_deliveries_and_the_dispatcher_goes_on()
    {
        var id = await api.Workspace();
        var (good, _) = await Subscribe(id, "ping");
        var broken = Guid.CreateVersion7();
        await using (var connection = await api.OpenOwnerConnectionAsync())
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO webhooks (workspace_id, id, url, events, secret, created_at) VALUES ($1, $2, $3, '{ping}', 'not-a-protected-secret', now())", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = broken }, new() { Value = receiver.Url } },
        })
        {
            await insert.ExecuteNonQueryAsync();
        }

        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{broken}/test", new { })).Expect(HttpStatusCode.Accepted);
        var failed = await WaitForDelivery(id, broken, d => d.GetProperty("attempts").GetInt32() == 1
            && d.GetProperty("nextAttemptAt").GetDateTimeOffset() < api.Clock.GetUtcNow().AddSeconds(10));
        await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{good}/test", new { })).Expect(HttpStatusCode.Accepted);

        await receiver.NextAsync(r => r.Type == "ping");
        failed.GetProperty("lastResponseStatus").ValueKind.ShouldBe(JsonValueKind.Null);
        receiver.Received.Count.ShouldBe(1); // only the readable webhook's ping was sent
    }

    [Fact]
    public async Task The_delivery_log_pages_newest_first_without_overlap()
    {
        var id = await api.Workspace();
        var (webhook, _) = await Subscribe(id, "ping");
        var sent = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add((await (await api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted))
                .GetProperty("eventId").GetGuid());
            api.Clock.Advance(TimeSpan.FromMilliseconds(1)); // distinct creation instants, so "newest first" is well defined
        }

        var first = await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks/{webhook}/deliveries?limit=2")).Expect(HttpStatusCode.OK);
        var cursor = first.Str("nextCursor");
        var second = await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks/{webhook}/deliveries?limit=2&cursor={cursor}")).Expect(HttpStatusCode.OK);

        var events = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(d => d.GetProperty("eventId").GetGuid());
        events.ShouldBe(Enumerable.Reverse(sent));
        second.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    /// <summary>Polls the delivery log (the dispatcher runs in the background) until the single delivery matches.</summary>
    private async Task<JsonElement> WaitForDelivery(Guid id, Guid webhook, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var items = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/webhooks/{webhook}/deliveries")).Expect(HttpStatusCode.OK)).GetProperty("items");
            if (items.GetArrayLength() == 1 && match(items[0]))
            {
                return items[0];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The delivery never matched; last seen: {items}");
            }

            await Task.Delay(25); // a poll interval: the condition above decides, not the wait
        }
    }

    [Fact]
    public async Task An_auto_top_up_delivers_top_up_requested_in_request_mode_and_top_up_granted_in_grant_mode()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 10);
        await Subscribe(id, "top_up.requested", "top_up.granted");
        await (await api.Admin().Put($"/v1/workspaces/{id}/auto-top-up", new
        {
            dataCredits = new { below = 5, amount = 1000, mode = "request", unitPrice = 0.04m },
            actions = new { below = 95, amount = 50, mode = "grant" },
        })).Expect(HttpStatusCode.OK);

        await (await Find(id, 6)).Expect(HttpStatusCode.Created);

        var requested = (await receiver.NextAsync(r => r.Type == "top_up.requested")).Json.GetProperty("data");
        var grant = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}/grants?status=pending")).Expect(HttpStatusCode.OK)).GetProperty("items")[0];
        (requested.GetProperty("grantId").GetGuid(), requested.Str("currency"), requested.Amount("amount"), requested.Amount("unitPrice"))
            .ShouldBe((grant.Id(), "data_credits", 1000m, 0.04m));
        var granted = (await receiver.NextAsync(r => r.Type == "top_up.granted")).Json.GetProperty("data");
        (granted.Str("currency"), granted.Amount("amount"), granted.Amount("unitPrice")).ShouldBe(("actions", 50m, 0m));
        var document = await (await api.WithKey(null).GetAsync("/swagger/v1/swagger.json")).Expect(HttpStatusCode.OK);
        var published = document.GetProperty("components").GetProperty("schemas").GetProperty("TopUpData").GetProperty("properties")
            .EnumerateObject().Select(p => p.Name);
        requested.EnumerateObject().Select(p => p.Name).ShouldBe(published, ignoreOrder: true, "the body is what the OpenAPI document says");
    }

    [Theory]
    [InlineData("python")]
    [InlineData("typescript")]
    public async Task An_example_verifier_accepts_a_real_delivery_and_rejects_a_tampered_late_or_foreign_one(string language)
    {
        var id = await api.Workspace(actions: 100, dataCredits: 10);
        var (_, secret) = await Subscribe(id, "balance.low");
        await SetLowBalance(id, 5);
        await (await Find(id, 6)).Expect(HttpStatusCode.Created);
        var real = await receiver.NextAsync(r => r.Type == "balance.low" && r.Json.GetProperty("workspaceId").GetGuid() == id);
        var (_, otherSecret) = await Subscribe(await api.Workspace(), "ping");

        (await WebhookSignatures.VerifyWithExampleAsync(language, secret, [real, real with { Body = real.Body.Replace("\"available\":4", "\"available\":400") }]))
            .ShouldBe(["valid", "invalid: no signature matches"]);
        (await WebhookSignatures.VerifyWithExampleAsync(language, secret, [real], late: 301)).ShouldBe(["invalid: timestamp outside the tolerance"]);
        (await WebhookSignatures.VerifyWithExampleAsync(language, otherSecret, [real])).ShouldBe(["invalid: no signature matches"]);
    }
}
