using Npgsql;

namespace CreditLedger.Api.Tests.Engine;

/// <summary>
/// When a transaction's write fails, its events are not acknowledged and leave nothing behind, and the events it shared
/// a group with still commit. Usage rows whose metadata names "explode" are refused by a trigger installed in this
/// class's database only.
/// </summary>
public class FailedWriteTests(LedgerApiFactory api) : LedgerTest(api)
{
    public override async Task InitializeAsync()
    {
        await using var owner = await Api.OpenOwnerConnectionAsync();
        await using var install = new NpgsqlCommand("""
            CREATE OR REPLACE FUNCTION test_refuse_explosive() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE OR REPLACE TRIGGER test_refuse_explosive BEFORE INSERT ON usage_events
                FOR EACH ROW WHEN (NEW.metadata ? 'explode') EXECUTE FUNCTION test_refuse_explosive();
            """, owner);
        await install.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_single_event_whose_write_fails_is_not_acknowledged_and_its_neighbours_commit()
    {
        var id = await Api.Workspace();
        var bodies = Enumerable.Range(0, 12).Select(i => i == 5
            ? new { idempotencyKey = $"k{i}", kind = "export", metadata = (object)new { explode = true } }
            : new { idempotencyKey = $"k{i}", kind = "export", metadata = (object)new { n = i } });

        var answers = await Task.WhenAll(bodies.Select(b => Usage(id, b)));

        answers[5].IsSuccessStatusCode.ShouldBeFalse();
        answers.Where((_, i) => i != 5).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        (await Count("usage_events", id)).ShouldBe(11);
        (await Api.ScalarAsync<long>($"SELECT count(DISTINCT idempotency_key) FROM usage_events WHERE workspace_id = '{id}'")).ShouldBe(11);
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM ledger_entries WHERE workspace_id = '{id}' AND type = 'charge'")).ShouldBe(11);
        (await Available(id)).Actions.ShouldBe(100 - 11);
    }

    [Fact]
    public async Task A_batch_whose_write_fails_leaves_nothing_and_succeeds_whole_without_the_bad_event()
    {
        // Fifty events: inserted from arrays (a batch of 128 entries or more is copied instead).
        var id = await Api.Workspace();
        object Event(int i, bool explode) => new { idempotencyKey = $"b{i}", kind = "export", metadata = explode ? (object)new { explode } : new { i } };

        var failed = await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events = Enumerable.Range(0, 50).Select(i => Event(i, i == 25)) });
        failed.IsSuccessStatusCode.ShouldBeFalse();
        (await Count("usage_events", id)).ShouldBe(0);

        var retried = await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events = Enumerable.Range(0, 50).Select(i => Event(i, false)) });
        await retried.Expect(HttpStatusCode.OK);
        (await Count("usage_events", id)).ShouldBe(50);
        (await Available(id)).Actions.ShouldBe(50);
    }

    [Fact]
    public async Task A_copied_batch_whose_copy_fails_leaves_nothing()
    {
        // Two hundred events, one entry each: past the 128 entries from which a transaction copies its rows.
        var id = await Api.Workspace(actions: 1000);
        var events = Enumerable.Range(0, 200).Select(i => new { idempotencyKey = $"c{i}", kind = "export", metadata = i == 199 ? (object)new { explode = true } : new { i } });

        var failed = await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new { events });

        failed.IsSuccessStatusCode.ShouldBeFalse();
        (await Count("usage_events", id)).ShouldBe(0);
        (await Api.ScalarAsync<long>($"SELECT count(*) FROM ledger_entries WHERE workspace_id = '{id}' AND type = 'charge'")).ShouldBe(0);
        (await Available(id)).Actions.ShouldBe(1000);
    }
}

