namespace CreditLedger.Api.Tests.Engine;

/// <summary>recordedAt follows sequence: a client syncing the ledger by recordedAt ranges never misses an entry.</summary>
public class LedgerClockTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Entries_written_concurrently_never_have_a_recordedAt_before_the_entry_before_them()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        var client = await Api.WorkspaceClient(id);
        var writes = Task.WhenAll(Enumerable.Range(0, 60).Select(i => i % 3 == 0
            ? client.Post($"/v1/workspaces/{id}/usage/batch", new { events = new[] { new { idempotencyKey = $"b{i}", kind = "export" } } })
            : client.Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = $"s{i}", kind = "export" })));
        // The clock moves while the writes queue for the workspace's lock, as a real one does.
        while (!writes.IsCompleted)
        {
            Api.Clock.Advance(TimeSpan.FromMilliseconds(3));
            await Task.Yield();
        }

        (await writes).ShouldAllBe(r => r.IsSuccessStatusCode);
        var recorded = await RecordedAtInSequenceOrder(id);
        recorded.Count.ShouldBeGreaterThan(60);
        recorded.Zip(recorded.Skip(1)).Where(p => p.Second < p.First).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_entry_is_never_recorded_before_the_workspaces_last_one_even_when_the_clock_is_behind_it()
    {
        var id = await Api.Workspace();
        await (await Usage(id, new { idempotencyKey = "a", kind = "export" })).Expect(HttpStatusCode.Created);
        // As if another instance with a clock 30 s ahead had written last (the fake clock cannot go back).
        var ahead = Api.Clock.GetUtcNow().AddSeconds(30);
        ahead = new DateTimeOffset(ahead.UtcTicks - (ahead.UtcTicks % 10), TimeSpan.Zero); // PostgreSQL keeps microseconds
        await using (var owner = await Api.OpenOwnerConnectionAsync())
        await using (var command = new Npgsql.NpgsqlCommand("UPDATE workspace_heads SET last_recorded_at = $2 WHERE workspace_id = $1", owner))
        {
            command.Parameters.AddWithValue(id);
            command.Parameters.AddWithValue(ahead);
            await command.ExecuteNonQueryAsync();
        }

        await (await Usage(id, new { idempotencyKey = "b", kind = "export" })).Expect(HttpStatusCode.Created);

        (await RecordedAtInSequenceOrder(id))[^1].ShouldBe(ahead);
    }

    private async Task<List<DateTimeOffset>> RecordedAtInSequenceOrder(Guid id)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT recorded_at FROM ledger_entries WHERE workspace_id = $1 ORDER BY sequence", connection);
        command.Parameters.AddWithValue(id);
        var result = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        return result;
    }
}
