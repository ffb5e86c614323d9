using System.Text.Json;
using Npgsql;

namespace CreditLedger.Api.Tests.Usage;

/// <summary>
/// A usage event's key names the event instead of keeping its answer, and a replay writes the answer again from the
/// event: byte for byte the first, however the replay arrives. Keys stored with their answer replay those bytes, and the
/// database holds every key to its answer or an event (that the event exists, the invariants check after every test).
/// </summary>
public class ReplayFromEventTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task A_usage_key_keeps_its_event_and_no_answer()
    {
        var id = await Api.Workspace();
        var recorded = await (await Usage(id, Enrichment("email_finder", "success", "k"))).Expect(HttpStatusCode.Created);

        (await Api.ScalarAsync<Guid>("SELECT usage_id FROM idempotency_keys WHERE workspace_id = $1 AND key = 'k'", id)).ShouldBe(recorded.Id());
        (await Api.ScalarAsync<bool>("SELECT response IS NULL FROM idempotency_keys WHERE workspace_id = $1 AND key = 'k'", id)).ShouldBeTrue();
    }

    [Fact]
    public async Task Replays_alone_and_in_batches_are_the_first_answer_byte_for_byte_for_every_charge_and_instant()
    {
        var id = await Api.Workspace(actions: 10_000, dataCredits: 10_000);
        await (await Api.Admin().Put("/v1/integrations/fractional", new
        {
            name = "Fractional",
            services = new[] { new { key = "lookup", name = "Lookup", dataCredits = 0.0125m, actions = 2.50m, chargePolicy = "on_success" } },
        })).Expect(HttpStatusCode.OK);
        object[] requests =
        [
            Enrichment("email_finder", "success", "found", quantity: 7),
            Enrichment("email_finder", "not_found", "nothing"),
            new { idempotencyKey = "fractions", kind = "enrichment", integration = "fractional", service = "lookup", outcome = "success", quantity = 3 },
            new { idempotencyKey = "micro", kind = "export", occurredAt = Ago(days: 2).ToOffset(TimeSpan.FromMinutes(345)).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz") },
            new { idempotencyKey = "whole", kind = "ai_call", quantity = 4, occurredAt = Ago(days: 1).ToString("yyyy-MM-dd'T'HH:00:00'Z'") },
        ];
        var batchKeys = new[] { "batched-1", "batched-2" };
        var firstBatch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = batchKeys.Select(key => Enrichment("mobile_finder", "success", key, quantity: 2)).ToArray(),
        })).Expect(HttpStatusCode.OK);
        var firsts = new List<string>();
        foreach (var request in requests)
        {
            firsts.Add((await (await Usage(id, request)).Expect(HttpStatusCode.Created)).GetRawText());
        }

        foreach (var (request, first) in requests.Zip(firsts))
        {
            (await (await Usage(id, request)).Expect(HttpStatusCode.OK)).GetRawText().ShouldBe(first);
        }

        var replayedBatch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = requests.Concat(batchKeys.Select(key => Enrichment("mobile_finder", "success", key, quantity: 2))).ToArray(),
        })).Expect(HttpStatusCode.OK);
        firstBatch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldAllBe(status => status == 201);
        replayedBatch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ShouldAllBe(status => status == 200);
        var replays = replayedBatch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event").GetRawText()).ToList();
        replays.Take(requests.Length).ShouldBe(firsts);
        replays.Skip(requests.Length).ShouldBe(firstBatch.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event").GetRawText()));
        (await Count("usage_events", id)).ShouldBe(requests.Length + batchKeys.Length);
    }

    /// <summary>An instant <paramref name="days"/> ago whose second's fraction has seven digits (0.1234567 s).</summary>
    private DateTimeOffset Ago(int days)
    {
        var now = Api.Clock.GetUtcNow();
        return now.AddDays(-days).AddTicks(1_234_567 - now.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task A_replay_after_the_charge_was_reversed_is_still_the_first_answer()
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "refunded");
        var first = await (await Usage(id, request)).Expect(HttpStatusCode.Created);
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", first.Id());
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "bad data" })).Expect(HttpStatusCode.Created);

        (await (await Usage(id, request)).Expect(HttpStatusCode.OK)).GetRawText().ShouldBe(first.GetRawText());
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_all_get_the_same_bytes()
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "same-key");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Usage(id, request)));

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Count().ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        (await Count("usage_events", id)).ShouldBe(1);
    }

    [Fact]
    public async Task A_key_stored_with_its_answer_replays_those_bytes()
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "older");
        await (await Usage(id, request)).Expect(HttpStatusCode.Created);
        const string older = """{"answer":"as an older service kept it"}""";
        (await Api.RewriteAsync("idempotency_keys",
            "UPDATE idempotency_keys SET response = $2, usage_id = NULL WHERE workspace_id = $1 AND key = 'older'", id, older)).ShouldBe(1);

        var again = await Usage(id, request);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldBe(older);
    }

    [Theory]
    [InlineData("usage", "'{}'", "gen_random_uuid()", "idempotency_keys_answer_or_event")]
    [InlineData("usage", "NULL", "NULL", "idempotency_keys_answer_or_event")]
    [InlineData("grant", "NULL", "(SELECT id FROM usage_events WHERE workspace_id = $1)", "idempotency_keys_event_of_usage")]
    public async Task The_database_refuses_a_key_without_exactly_one_of_answer_and_event(string scope, string response, string usageId, string constraint)
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        await using var connection = await Api.OpenOwnerConnectionAsync();

        var refused = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at, usage_id) " +
            $"VALUES ($1, '{scope}', 'forged', '\\x00', 201, {response}, now(), {usageId})", id));

        refused.ConstraintName.ShouldBe(constraint);
        refused.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        (await Count("idempotency_keys", id)).ShouldBe(1);
    }
}
