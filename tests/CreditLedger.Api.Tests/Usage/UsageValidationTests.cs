namespace CreditLedger.Api.Tests.Usage;

public class UsageValidationTests(LedgerApiFactory api) : LedgerTest(api)
{
    public static TheoryData<string> InvalidBodies() => new()
    {
        """{"kind": "export"}""",
        """{"idempotencyKey": "", "kind": "export"}""",
        """{"idempotencyKey": "k", "kind": "Export"}""",
        """{"idempotencyKey": "k", "kind": "mining"}""",
        """{"idempotencyKey": "k", "kind": "enrichment", "service": "email_finder", "outcome": "success"}""",
        """{"idempotencyKey": "k", "kind": "enrichment", "integration": "leadmagic", "service": "email_finder"}""",
        """{"idempotencyKey": "k", "kind": "enrichment", "integration": "leadmagic", "service": "email_finder", "outcome": "SUCCESS"}""",
        """{"idempotencyKey": "k", "kind": "enrichment", "integration": "leadmagic", "service": "nope", "outcome": "success"}""",
        """{"idempotencyKey": "k", "kind": "enrichment", "integration": "nope", "service": "email_finder", "outcome": "success"}""",
        """{"idempotencyKey": "k", "kind": "export", "integration": "leadmagic"}""",
        """{"idempotencyKey": "k", "kind": "export", "quantity": 0}""",
        """{"idempotencyKey": "k", "kind": "export", "quantity": 10001}""",
        """{"idempotencyKey": "k", "kind": "export", "quantity": 1.5}""",
        """{"idempotencyKey": "k", "kind": "export", "quantity": "1"}""",
        """{"idempotencyKey": "k", "kind": "export", "quantity": 99999999999999999999}""",
        """{"idempotencyKey": "k", "kind": "export", "occurredAt": "2000-01-01T00:00:00Z"}""",
        """{"idempotencyKey": "k", "kind": "export", "occurredAt": "next tuesday"}""",
        """{"idempotencyKey": "k", "kind": "export", "metadata": [1, 2]}""",
        """{"idempotencyKey": "k", "kind": "export", "userId": "bob"}""",
        """{"idempotencyKey": "k", "kind": "export", "userId": "6f9619ff-8b86-d011-b42d-00cf4fc964ff"}""",
        """{"idempotencyKey": "k", "kind": "export", "surprise": true}""",
        """{"idempotencyKey": 7, "kind": "export"}""",
        "null",
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_usage_is_400_and_records_nothing(string body)
    {
        var id = await Api.Workspace();
        var entries = await Count("ledger_entries", id);
        await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", body)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Count("ledger_entries", id)).ShouldBe(entries);
        (await Count("usage_events", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Metadata_over_4_KiB_is_400_and_an_idempotency_key_over_128_characters_too()
    {
        var id = await Api.Workspace();
        await (await Usage(id, new { idempotencyKey = "k", kind = "export", metadata = new { note = new string('x', 5000) } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Usage(id, new { idempotencyKey = new string('k', 129), kind = "export" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Invalid_UTF8_inside_metadata_is_400_not_500()
    {
        var id = await Api.Workspace();
        var bytes = System.Text.Encoding.UTF8.GetBytes("{\"idempotencyKey\": \"k\", \"kind\": \"export\", \"metadata\": {\"note\": \"ab")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(System.Text.Encoding.UTF8.GetBytes("\"}}")).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/usage", content)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var batch = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("{\"events\": [").Concat(bytes).Concat(System.Text.Encoding.UTF8.GetBytes("]}")).ToArray());
        batch.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/usage/batch", batch)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        (await Count("usage_events", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Usage_in_the_near_future_is_accepted_but_not_beyond_five_minutes()
    {
        var id = await Api.Workspace();
        var now = Api.Clock.GetUtcNow();
        await (await Usage(id, new { idempotencyKey = "soon", kind = "export", occurredAt = now.AddMinutes(4) })).Expect(HttpStatusCode.Created);
        await (await Usage(id, new { idempotencyKey = "later", kind = "export", occurredAt = now.AddMinutes(6) })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Metadata_and_offsets_are_kept_and_times_come_back_in_UTC()
    {
        var id = await Api.Workspace();
        var local = Api.Clock.GetUtcNow().AddHours(-1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz");
        var body = "{\"idempotencyKey\": \"m\", \"kind\": \"export\", \"occurredAt\": \"" + local + "\", \"metadata\": {\"table\": \"Leads Q4\"}}";
        var usage = await (await Api.Admin().PostRaw($"/v1/workspaces/{id}/usage", body)).Expect(HttpStatusCode.Created);
        usage.Str("occurredAt").ShouldEndWith("Z");
        (await Api.ScalarAsync<string>("SELECT metadata->>'table' FROM usage_events WHERE workspace_id = $1", id)).ShouldBe("Leads Q4");
    }
}
