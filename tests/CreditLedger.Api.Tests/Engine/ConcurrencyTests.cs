namespace CreditLedger.Api.Tests.Engine;

public class ConcurrencyTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Two_hundred_concurrent_enrichments_against_fifty_credits_charge_exactly_fifty()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 50);
        var client = await Api.WorkspaceClient(id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.Post($"/v1/workspaces/{id}/usage", Enrichment("email_finder", "success", $"row-{i}"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(50);
        responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired).ShouldBe(150);
        (await Available(id)).ShouldBe((950m, 0m));
        (await Count("usage_events", id)).ShouldBe(50);
    }

    [Fact]
    public async Task Concurrent_reservations_never_hold_more_than_is_available()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 10);
        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = $"r{i}", integration = "leadmagic", service = "email_finder" })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(10);
        var balance = await Api.Balance(id);
        balance.GetProperty("dataCredits").Amount("available").ShouldBe(0);
        balance.GetProperty("dataCredits").Amount("held").ShouldBe(10);
    }
}
