namespace CreditLedger.Api.Tests;

public class BatchUsageTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Every_event_in_a_batch_stands_alone_with_its_own_status()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 1);
        await (await Usage(id, Enrichment("email_finder", "not_found", "used-before"))).Expect(HttpStatusCode.Created);
        var events = new object[]
        {
            Enrichment("email_finder", "success", "a"),                // 201, spends the only data credit
            Enrichment("email_finder", "success", "a"),                // 200, replay of the item above
            Enrichment("email_finder", "success", "b"),                // 402, no data credit left
            new { idempotencyKey = "c", kind = "alchemy" },            // 400
            Enrichment("email_finder", "success", "used-before"),      // 409, key used with another body
            new { idempotencyKey = "d", kind = "table_run" },          // 201
            "not an object",                                            // 400
        };

        var response = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);

        var results = response.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("index").GetInt32()).ShouldBe(Enumerable.Range(0, 7));
        results.Select(r => r.GetProperty("status").GetInt32()).ShouldBe([201, 200, 402, 400, 409, 201, 400]);
        results[1].GetProperty("event").Id().ShouldBe(results[0].GetProperty("event").Id());
        results[2].GetProperty("error").Str("type").ShouldEndWith("/insufficient-credits");
        results[3].GetProperty("error").GetProperty("errors").TryGetProperty("kind", out _).ShouldBeTrue();
        results[4].GetProperty("error").Str("type").ShouldEndWith("/idempotency-conflict");
        (await Count("usage_events", id)).ShouldBe(3);
        (await Available(id)).ShouldBe((98m, 0m));
    }

    [Fact]
    public async Task A_replayed_batch_charges_nothing_twice()
    {
        var id = await Api.Workspace();
        var events = Enumerable.Range(0, 50).Select(i => Enrichment("email_validation", "not_found", $"v{i}")).ToArray();
        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);
        var again = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);

        again.GetProperty("results").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetInt32() == 200);
        (await Available(id)).ShouldBe((50m, 50m));
    }

    [Theory]
    [InlineData("{\"events\": []}")]
    [InlineData("{}")]
    [InlineData("{\"events\": 5}")]
    public async Task Empty_or_malformed_batches_are_400(string body) =>
        await (await Api.Admin().PostRaw($"/v1/workspaces/{await Api.Workspace()}/usage/batch", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

    [Fact]
    public async Task More_than_a_thousand_events_is_400()
    {
        var id = await Api.Workspace();
        var events = Enumerable.Range(0, 1001).Select(i => new { idempotencyKey = $"k{i}", kind = "export" }).ToArray();
        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }
}
