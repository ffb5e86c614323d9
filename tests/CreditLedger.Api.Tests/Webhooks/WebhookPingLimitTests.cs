using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>Test pings are limited per workspace.</summary>
public class WebhookPingLimitTests(LoopbackWebhookApiFactory api) : LedgerTest(api), IClassFixture<LoopbackWebhookApiFactory>
{
    /// <summary>A loopback port nothing listens on: every delivery is refused at once, on this machine.</summary>
    private const string Nowhere = "http://127.0.0.1:9/hook";

    [Fact]
    public async Task The_eleventh_test_ping_in_a_minute_is_429_with_retry_after_and_another_workspace_is_not_limited()
    {
        var (id, other) = (await Api.Workspace(), await Api.Workspace());
        var webhook = (await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url = Nowhere, events = new[] { "ping" } }))
            .Expect(HttpStatusCode.Created)).Id();
        var otherHook = (await (await Api.Admin().Post($"/v1/workspaces/{other}/webhooks", new { url = Nowhere, events = new[] { "ping" } }))
            .Expect(HttpStatusCode.Created)).Id();

        for (var i = 0; i < 10; i++)
        {
            await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
        }

        var refused = await Api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { });
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        await (await Api.Admin().Post($"/v1/workspaces/{other}/webhooks/{otherHook}/test", new { })).Expect(HttpStatusCode.Accepted);
        (await Count("webhook_events", id)).ShouldBe(10);
    }
}
