using Npgsql;

namespace CreditLedger.Api.Tests.Usage;

/// <summary>
/// A usage event holds its own idempotency key, and a replay writes the answer again from the event: byte for byte the
/// first, however the replay arrives. Keys stored before events held them (naming their event, or keeping the answer)
/// are still answered, and the database holds each shape to its own table.
/// </summary>
public class ReplayFromEventTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Theory]
    [InlineData(1)] // written by one multi-row INSERT per table
    [InlineData(200)] // past the 128 entries from which a transaction copies its rows
    public async Task A_usage_event_holds_its_key_and_request_hash_and_no_key_row_is_written(int events)
    {
        var id = await Api.Workspace(actions: 1_000, dataCredits: 1_000);

        await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = Enumerable.Range(0, events).Select(i => Enrichment("email_finder", "success", $"held-{i}")).ToArray(),
        })).Expect(HttpStatusCode.OK);

        (await Api.ScalarAsync<long>(
            "SELECT count(*) FROM usage_events WHERE workspace_id = $1 AND idempotency_key LIKE 'held-%' AND octet_length(request_hash) = 32", id))
            .ShouldBe(events);
        (await Count("idempotency_keys", id)).ShouldBe(0);
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

    [Theory]
    [InlineData("")] // naming its event, as keys were stored before events held them
    [InlineData("""{"answer":"as an older service kept it"}""")] // keeping the answer's bytes, as before that
    public async Task A_key_stored_before_events_held_their_keys_is_answered_alone_and_in_batches_and_never_recorded_again(string keptAnswer)
    {
        var id = await Api.Workspace();
        var request = Enrichment("email_finder", "success", "older");
        var first = (await (await Usage(id, request)).Expect(HttpStatusCode.Created)).GetRawText();
        (await StoreKeyAsOlderVersionDid(id, "older", keptAnswer)).ShouldBe(1);
        var answer = keptAnswer == "" ? first : keptAnswer;

        var again = await Usage(id, request);
        var batch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events = new[] { request } })).Expect(HttpStatusCode.OK);
        var reused = await Usage(id, Enrichment("email_finder", "not_found", "older"));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldBe(answer);
        batch.GetProperty("results")[0].GetProperty("status").GetInt32().ShouldBe(200);
        batch.GetProperty("results")[0].GetProperty("event").GetRawText().ShouldBe(answer);
        await reused.ExpectProblem(HttpStatusCode.Conflict, "idempotency-conflict");
        (await Count("usage_events", id)).ShouldBe(1);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1 AND idempotency_key IS NOT NULL", id)).ShouldBe(0);
    }

    [Theory]
    [InlineData("INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at) " +
        "VALUES ($1, 'usage', 'forged', '\\x00', 201, '{}', now())", "idempotency_keys_usage_kept_by_events")]
    [InlineData("INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at) " +
        "VALUES ($1, 'grant', 'forged', '\\x00', 201, NULL, now())", "idempotency_keys_answer_or_event")]
    [InlineData("INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, created_at, usage_id) " +
        "SELECT $1, 'grant', 'forged', '\\x00', 201, now(), id FROM usage_events WHERE workspace_id = $1", "idempotency_keys_event_of_usage")]
    [InlineData(ForgedEvent + "'forged', NULL, NULL", "usage_events_key_with_its_hash")]
    [InlineData(ForgedEvent + "NULL, '\\x00', NULL", "usage_events_key_with_its_hash")]
    [InlineData(ForgedEvent + "NULL, NULL, NULL", "usage_events_keyed_by_request_or_enrichment")]
    [InlineData(ForgedEvent + "'forged', '\\x00', gen_random_uuid()", "usage_events_keyed_by_request_or_enrichment")]
    public async Task The_database_refuses_a_key_kept_anywhere_but_where_its_scope_keeps_it(string insert, string constraint)
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        await using var connection = await Api.OpenOwnerConnectionAsync();

        var refused = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync(insert, id));

        refused.ConstraintName.ShouldBe(constraint);
        refused.SqlState.ShouldBe(PostgresErrorCodes.CheckViolation);
        (await Count("idempotency_keys", id)).ShouldBe(0);
        (await Count("usage_events", id)).ShouldBe(1);
    }

    [Fact]
    public async Task The_database_refuses_a_second_event_under_a_key_of_its_workspace()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success", "once"))).Expect(HttpStatusCode.Created);
        await using var connection = await Api.OpenOwnerConnectionAsync();

        var refused = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync(ForgedEvent + "'once', '\\x00', NULL", id));

        refused.ConstraintName.ShouldBe("usage_events_key");
        refused.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        (await Count("usage_events", id)).ShouldBe(1);
    }

    private const string ForgedEvent = "INSERT INTO usage_events (workspace_id, id, kind, outcome, quantity, occurred_at, recorded_at, " +
        "actions, data_credits, idempotency_key, request_hash, enrichment_id) SELECT $1, gen_random_uuid(), 'export', 'success', 1, now(), now(), 0, 0, ";

    /// <summary>
    /// Moves an event's key off its row into a row of idempotency_keys, as the version before events held their keys
    /// stored it: naming the event, or keeping <paramref name="keptAnswer"/> (when not empty) instead.
    /// </summary>
    private Task<int> StoreKeyAsOlderVersionDid(Guid workspaceId, string key, string keptAnswer) =>
        Api.WriteAsOlderVersionAsync(["usage_events"],
            [("idempotency_keys", "idempotency_keys_usage_kept_by_events"), ("usage_events", "usage_events_keyed_by_request_or_enrichment")], """
            WITH held AS (SELECT workspace_id, id, idempotency_key, request_hash, recorded_at FROM usage_events
                          WHERE workspace_id = $1 AND idempotency_key = $2),
                 moved AS (UPDATE usage_events e SET idempotency_key = NULL, request_hash = NULL FROM held
                           WHERE e.workspace_id = held.workspace_id AND e.id = held.id)
            INSERT INTO idempotency_keys (workspace_id, scope, key, request_hash, status_code, response, created_at, usage_id)
            SELECT workspace_id, 'usage', idempotency_key, request_hash, 201, NULLIF($3, ''), recorded_at,
                   CASE WHEN $3 = '' THEN id END
            FROM held
            """, workspaceId, key, keptAnswer);
}
