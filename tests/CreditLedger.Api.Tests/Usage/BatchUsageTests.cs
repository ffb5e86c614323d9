using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreditLedger.Api.Tests.Usage;

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
    public async Task Each_invalid_event_in_a_batch_is_refused_for_its_own_faults_as_it_would_be_alone()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var events = new object[]
        {
            new { idempotencyKey = "", kind = "enrichment", integration = "leadmagic", outcome = "success" }, // key and service
            Enrichment("email_finder", "success", "fine-1"),
            new { idempotencyKey = "q", kind = "export", quantity = 0 },                                        // quantity
            new { idempotencyKey = "s", kind = "export", service = "email_finder" },                            // service
            Enrichment("email_finder", "success", "fine-2"),
            new { idempotencyKey = new string('k', 129), kind = "send", outcome = "maybe" },                    // key and outcome
        };

        var response = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);

        var results = response.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("status").GetInt32()).ShouldBe([400, 201, 400, 400, 201, 400]);
        foreach (var index in new[] { 0, 2, 3, 5 })
        {
            var alone = await (await Usage(id, events[index])).ExpectProblem(HttpStatusCode.BadRequest, "validation");
            results[index].GetProperty("error").GetProperty("errors").GetRawText().ShouldBe(alone.GetProperty("errors").GetRawText());
        }

        (await Count("usage_events", id)).ShouldBe(2);
    }

    [Fact]
    public async Task The_answer_is_byte_for_byte_what_the_serializer_writes_for_its_documented_shape()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 1);
        await (await Usage(id, Enrichment("email_finder", "not_found", "clé-✓ <used>"))).Expect(HttpStatusCode.Created);
        var events = new object[]
        {
            Enrichment("email_finder", "success", "a"), Enrichment("email_finder", "success", "a"), Enrichment("email_finder", "success", "b"),
            new { idempotencyKey = "c", kind = "alchemy" }, Enrichment("email_finder", "success", "clé-✓ <used>"), "not an object",
        };

        var response = await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events });
        var written = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.ToString().ShouldBe("application/json; charset=utf-8");
        var options = Api.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var shape = JsonSerializer.Deserialize<CreditLedger.Api.Usage.UsageBatchResponse>(written, options)!;
        shape.Results.Select(r => r.Status).ShouldBe([201, 200, 402, 400, 409, 400]);
        written.ShouldBe(JsonSerializer.Serialize(shape, options));
    }

    /// <summary>
    /// Batches running at once, over workspaces of their own and one they share, each record and answer exactly their own
    /// events: every answer's ids lead to that batch's rows, with its metadata and quantities, in its order.
    /// </summary>
    [Fact]
    public async Task Concurrent_batches_each_record_and_answer_exactly_their_own_events()
    {
        var shared = await Api.Workspace(actions: 10_000);
        var own = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.Workspace(actions: 10_000)));
        var sends = own.Concat(Enumerable.Repeat(shared, 8)).Select((workspace, b) => (Workspace: workspace, Batch: b, Events: Enumerable.Range(0, 120)
            .Select(i => new { idempotencyKey = $"b{b}-e{i}", kind = "export", quantity = 1 + (b + i) % 3, metadata = new { batch = b, item = i } }).ToArray())).ToList();

        var answers = await Task.WhenAll(sends.Select(async s =>
            (await (await Api.Admin().Post($"/v1/workspaces/{s.Workspace}/usage/batch", new { events = s.Events })).Expect(HttpStatusCode.OK)).GetProperty("results")));

        foreach (var (send, results) in sends.Zip(answers))
        {
            results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldAllBe(status => status == 201);
            var ids = results.EnumerateArray().Select(r => r.GetProperty("event").Id()).ToArray();
            var recorded = await Api.ScalarAsync<string>(
                "SELECT string_agg(concat_ws(':', metadata->>'batch', metadata->>'item', quantity), ',' ORDER BY (metadata->>'item')::int) " +
                "FROM usage_events WHERE workspace_id = $1 AND id = ANY($2)", send.Workspace, ids);
            recorded.ShouldBe(string.Join(',', send.Events.Select(e => $"{e.metadata.batch}:{e.metadata.item}:{e.quantity}")));
        }

        (await Count("usage_events", shared)).ShouldBe(8 * 120);
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

    [Fact]
    public async Task A_large_batch_is_written_by_copy_exactly_as_a_small_one_would_be()
    {
        var id = await Api.Workspace(actions: 10_000, dataCredits: 10_000);
        var user = await Api.User(id);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/tbl", new { kind = "workbook", name = "Leads" })).Expect(HttpStatusCode.Created);
        // 300 events, 600 entries: well past the copy threshold; every nullable column both set and null, metadata with text that needs escaping.
        var events = Enumerable.Range(0, 300).Select(i => new
        {
            idempotencyKey = $"big-{i}", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
            userId = i % 2 == 0 ? user : (Guid?)null, resourceId = i % 3 == 0 ? "tbl" : null,
            metadata = i % 5 == 0 ? new { note = $"row {i} \"quoted\" \\ é ✓", n = i } : null,
        }).ToArray();

        var first = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);
        var again = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).Expect(HttpStatusCode.OK);

        first.GetProperty("results").EnumerateArray().ShouldAllBe(r => r.GetProperty("status").GetInt32() == 201);
        again.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldAllBe(s => s == 200);
        again.GetProperty("results")[7].GetProperty("event").ToString().ShouldBe(first.GetProperty("results")[7].GetProperty("event").ToString());
        (await Count("usage_events", id)).ShouldBe(300);
        (await Count("ledger_entries", id)).ShouldBe(2 + 600); // the two plan grants, then two charges per event
        (await Api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1 AND user_id IS NOT NULL AND resource_id = 'tbl'", id)).ShouldBe(50);
        (await Api.ScalarAsync<string>("SELECT metadata->>'note' FROM usage_events WHERE workspace_id = $1 AND idempotency_key = 'big-10'", id))
            .ShouldBe("row 10 \"quoted\" \\ é ✓");
        (await Available(id)).ShouldBe((9_700m, 9_700m));
    }

    [Theory]
    [InlineData("{\"events\": []}")]
    [InlineData("{}")]
    [InlineData("{\"events\": 5}")]
    [InlineData("{\"events\": {\"idempotencyKey\": \"k\", \"kind\": \"export\"}}")]
    [InlineData("{\"events\": null}")]
    public async Task Empty_or_malformed_batches_are_400_naming_events(string body)
    {
        var id = await Api.Workspace();

        var problem = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage/batch", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        problem.GetProperty("errors").TryGetProperty("events", out _).ShouldBeTrue(problem.GetRawText());
        (await Count("usage_events", id)).ShouldBe(0);
    }

    [Fact]
    public async Task More_than_a_thousand_events_is_400()
    {
        var id = await Api.Workspace();
        var events = Enumerable.Range(0, 1001).Select(i => new { idempotencyKey = $"k{i}", kind = "export" }).ToArray();
        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }
}
