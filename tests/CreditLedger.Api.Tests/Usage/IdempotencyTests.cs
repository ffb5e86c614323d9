namespace CreditLedger.Api.Tests.Usage;

public class IdempotencyTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task The_same_key_and_body_replays_the_first_response_and_charges_once()
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "run-42-row-7");
        var first = await (await Usage(id, request)).Expect(HttpStatusCode.Created);

        var again = await Usage(id, request);

        var replay = await again.Expect(HttpStatusCode.OK);
        again.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replay.GetRawText().ShouldBe(first.GetRawText());
        (await Available(id)).ShouldBe((99m, 99m));
    }

    [Fact]
    public async Task Key_order_whitespace_and_number_spelling_do_not_make_a_different_body()
    {
        var id = await Api.Workspace();
        var client = Api.Admin();
        await (await client.PostRaw($"/v1/workspaces/{id}/usage", "{\"idempotencyKey\":\"k1\",\"kind\":\"table_run\",\"quantity\":2}")).Expect(HttpStatusCode.Created);
        await (await client.PostRaw($"/v1/workspaces/{id}/usage", "{ \"quantity\": 2.0,\n \"kind\": \"table_run\", \"idempotencyKey\": \"k1\" }")).Expect(HttpStatusCode.OK);
        (await Available(id)).Actions.ShouldBe(98);
    }

    [Fact]
    public async Task A_different_body_under_a_used_key_is_409_and_changes_nothing()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success", "k"))).Expect(HttpStatusCode.Created);
        await (await Usage(id, Enrichment("email_finder", "not_found", "k"))).ExpectProblem(HttpStatusCode.Conflict, "idempotency-conflict");
        (await Count("usage_events", id)).ShouldBe(1);
    }

    [Fact]
    public async Task An_omitted_field_is_not_the_same_as_its_default()
    {
        var id = await Api.Workspace();
        await (await Usage(id, new { idempotencyKey = "k", kind = "export" })).Expect(HttpStatusCode.Created);
        await (await Usage(id, new { idempotencyKey = "k", kind = "export", quantity = 1 })).ExpectProblem(HttpStatusCode.Conflict, "idempotency-conflict");
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_charge_once()
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "same-key");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Usage(id, request)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(19);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Json()).Id()));
        ids.Distinct().Count().ShouldBe(1);
        (await Available(id)).ShouldBe((99m, 99m));
        (await Count("usage_events", id)).ShouldBe(1);
    }

    [Fact]
    public async Task Grants_are_idempotent_by_key_and_replay_the_same_id()
    {
        var id = await Api.Workspace();
        var grant = new { currency = "actions", amount = 50, source = "purchase", idempotencyKey = "invoice-7" };
        var first = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", grant)).Expect(HttpStatusCode.Created);
        var again = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", grant)).Expect(HttpStatusCode.OK);

        again.Id().ShouldBe(first.Id());
        (await Available(id)).Actions.ShouldBe(150);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", grant with { amount = 60 }))
            .ExpectProblem(HttpStatusCode.Conflict, "idempotency-conflict");
    }

    [Fact]
    public async Task Keys_belong_to_their_workspace()
    {
        var (a, b) = (await Api.Workspace(), await Api.Workspace());
        await (await Usage(a, Enrichment("email_finder", "success", "shared"))).Expect(HttpStatusCode.Created);
        await (await Usage(b, Enrichment("email_finder", "not_found", "shared"))).Expect(HttpStatusCode.Created);
    }
}
