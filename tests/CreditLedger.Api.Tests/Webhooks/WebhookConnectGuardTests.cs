using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Outbox;

namespace CreditLedger.Api.Tests.Webhooks;

/// <summary>The SSRF guard at connect time: a stored URL that now reaches an inner address (DNS rebinding) is never called.</summary>
public class WebhookConnectGuardTests(LedgerApiFactory api) : LedgerTest(api)
{
    /// <summary>A receiver's bind address, and a stored URL that reaches it in another form ({0} is its port).</summary>
    [Theory]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:{0}/hook")]
    [InlineData("http://127.0.0.1:0", "http://2130706433:{0}/hook")]
    [InlineData("http://127.0.0.1:0", "http://[::ffff:127.0.0.1]:{0}/hook")]
    [InlineData("http://[::1]:0", "http://[::1%2513]:{0}/hook")]
    [InlineData("http://[::1]:0", "http://[0:0:0:0:0:0:0:1%251]:{0}/hook")]
    public async Task A_stored_url_that_reaches_inside_in_any_form_is_refused_at_connect_and_the_receiver_hears_nothing(string bind, string form)
    {
        await using var receiver = await WebhookReceiver.StartAsync(bind);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, form, receiver.Port);
        var id = await Api.Workspace();
        var webhook = Guid.CreateVersion7();
        var secret = Api.Services.GetRequiredService<CreditLedger.Api.Outbox.WebhookSecrets>().Protect(CreditLedger.Api.Outbox.WebhookSecrets.Generate());
        await using (var connection = await Api.OpenOwnerConnectionAsync())
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO webhooks (workspace_id, id, url, events, secret, created_at) VALUES ($1, $2, $3, '{ping}', $4, now())", connection)
        {
            Parameters = { new() { Value = id }, new() { Value = webhook }, new() { Value = url }, new() { Value = secret } },
        })
        {
            await insert.ExecuteNonQueryAsync(); // as if its name had resolved outside when it was added
        }

        await (await Api.Admin().Post($"/v1/workspaces/{id}/webhooks/{webhook}/test", new { })).Expect(HttpStatusCode.Accepted);

        await Poll.UntilAsync(async () =>
                await Api.ScalarAsync<int>("SELECT attempts FROM webhook_deliveries WHERE workspace_id = $1", id) != 0
                && await Api.ScalarAsync<long>("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = $1 AND next_attempt_at > now() + interval '30 seconds'", id) == 0,
            TimeSpan.FromSeconds(15), "the attempt was never settled");

        (await Api.ScalarAsync<string>("SELECT coalesce(last_response_status::text, 'none') FROM webhook_deliveries WHERE workspace_id = $1", id)).ShouldBe("none");
        receiver.Received.ShouldBeEmpty();
    }
}
