using Microsoft.Extensions.Time.Testing;

namespace CreditLedger.Api.Tests.Webhooks;

public class WebhookRestartTests
{
    [Fact]
    public async Task A_delivery_in_flight_when_the_service_stops_is_delivered_by_the_next_process()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (200, TimeSpan.FromMinutes(5)); // while the first process runs, no attempt completes
        var first = new WebhookApiFactory();
        await first.InitializeAsync();
        var database = first.DatabaseName;
        var clock = first.Clock;
        try
        {
            var id = await first.Workspace();
            var webhook = (await (await first.Admin().Post($"/v1/workspaces/{id}/webhooks", new { url = receiver.Url, events = new[] { "ping" } }))
                .Expect(HttpStatusCode.Created)).Id();
            var ping = await (await first.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);
            await ClaimedAsync(first);

            await first.DisposeAsync(); // stops mid-send: the claim's lease is all that is left
            receiver.Answer = _ => (200, TimeSpan.Zero);

            await using var second = new RestartedWebhookApiFactory(database, clock);
            await second.InitializeAsync();
            second.Clock.Advance(TimeSpan.FromSeconds(21)); // the dead process's lease runs out
            _ = second.Server; // start the second process (its dispatcher)
            var delivered = await receiver.NextAsync(r => r.Id == ping.GetProperty("eventId").GetGuid().ToString(), count: 1, within: TimeSpan.FromSeconds(15));

            delivered.Type.ShouldBe("ping");
            await SettledAsync(second); // the receiver answered; the dispatcher records it a moment later
            (await second.ScalarAsync<string>("SELECT status FROM webhook_deliveries")).ShouldBe("succeeded");
            (await second.ScalarAsync<int>("SELECT attempts FROM webhook_deliveries")).ShouldBe(2); // at least once: the lost attempt counts
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await TestDatabases.DropAsync(database);
        }
    }

    private static Task SettledAsync(LedgerApiFactory api) => Poll.UntilAsync(
        async () => await api.ScalarAsync<string>("SELECT status FROM webhook_deliveries") != "pending",
        TimeSpan.FromSeconds(30), "the delivery was never settled");

    /// <summary>Waits until the first process's dispatcher has claimed the delivery (attempt 1 under way).</summary>
    private static Task ClaimedAsync(LedgerApiFactory api) => Poll.UntilAsync(
        async () => await api.ScalarAsync<int>("SELECT attempts FROM webhook_deliveries") != 0,
        TimeSpan.FromSeconds(15), "the dispatcher never claimed the delivery");
}
