using System.Text.Json;
using CreditLedger.Api.Engine;
using CreditLedger.Rules;
using Npgsql;

namespace CreditLedger.Api.Tests.LedgerEntries;

/// <summary>
/// An entry's id carries its sequence, so the primary key finds it; entries whose ids do not (written before ids carried
/// it) are still found, and still unique, through the index that keeps only them.
/// </summary>
public class EntryIdTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task An_entry_is_found_by_the_sequence_its_id_carries()
    {
        var (id, charge) = await ChargedWorkspaceAsync();

        var plan = await PlanAsync(id, charge.Id());

        // The first arm looks the entry up by its workspace and the sequence its id carries; the arm for ids that carry
        // none never runs. (Which index serves the first arm is the planner's choice: the primary key on any real ledger.)
        var arms = QueryPlans.Nodes(plan).Single(n => n.GetProperty("Node Type").GetString() == "Append").GetProperty("Plans").EnumerateArray().ToList();
        arms[0].GetProperty("Index Cond").GetString()!.ShouldContain($"(sequence = '{charge.GetProperty("sequence").GetInt64()}'::bigint)");
        arms[0].GetProperty("Actual Rows").GetDouble().ShouldBe(1);
        arms[1].GetProperty("Index Name").GetString().ShouldBe("ledger_entries_id_not_from_sequence");
        arms[1].GetProperty("Actual Loops").GetDouble().ShouldBe(0, "the index of ids that carry no sequence is read only when the first arm finds nothing");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge.Id()}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_id_that_decodes_to_an_entry_of_the_workspace_but_is_not_its_id_finds_nothing()
    {
        var (id, charge) = await ChargedWorkspaceAsync();
        var (other, otherCharge) = await ChargedWorkspaceAsync();
        var sequence = charge.GetProperty("sequence").GetInt64();
        var lookalike = EntryIds.For(id, sequence, charge.GetProperty("recordedAt").GetDateTimeOffset().AddMilliseconds(1));

        foreach (var entry in new[] { lookalike, otherCharge.Id(), EntryIds.For(other, sequence, DateTimeOffset.UtcNow), Guid.NewGuid() })
        {
            await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{entry}/reverse", new { reason = "x" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        }

        (await Available(id)).ShouldBe((99m, 99m), "nothing was reversed");
        (await Available(other)).ShouldBe((99m, 99m));
    }

    [Fact]
    public async Task Entries_whose_ids_do_not_carry_their_sequence_are_still_found_and_kept_unique()
    {
        var (id, charge) = await ChargedWorkspaceAsync();
        var reversal = await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge.Id()}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);
        var (key, sequence) = (charge.GetProperty("apiKeyId").GetGuid(), charge.GetProperty("sequence").GetInt64());
        var legacy = Guid.CreateVersion7();

        // As an older ledger stored them, in a transaction rolled back at the end: the hash chain covers the id.
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_no_update_delete");
        await connection.ExecuteAsync("UPDATE ledger_entries SET id = $2, id_carries_sequence = NULL WHERE workspace_id = $1 AND id = $3", id, legacy, charge.Id());
        await connection.ExecuteAsync("UPDATE ledger_entries SET reverses_entry_id = $2 WHERE workspace_id = $1 AND id = $3", id, legacy, reversal.Id());

        ((await LedgerReader.FindAsync(connection, id, legacy, default))?.Sequence).ShouldBe(sequence);
        (await LedgerReader.FindAsync(connection, id, charge.Id(), default)).ShouldBeNull();
        (await connection.ScalarAsync("SELECT api_key_id FROM usage_facts WHERE workspace_id = $1 AND actions < 0", id)).ShouldBe(key,
            "a reversal counts against the key of the entry it reverses");
        var movement = $"SELECT ({LedgerReader.ById("type", "e.workspace_id", "e.reverses_entry_id")}) FROM ledger_entries e WHERE e.workspace_id = $1 AND e.type = 'reversal'";
        (await connection.ScalarAsync(movement, id)).ShouldBe("charge");
        var duplicate = await Should.ThrowAsync<PostgresException>(() => connection.ExecuteAsync($"""
            INSERT INTO ledger_entries ({LedgerReader.Columns}) SELECT workspace_id, sequence + 1000, {LedgerReader.Columns.Split(',', 3)[2]}
            FROM ledger_entries WHERE workspace_id = $1 AND id = $2
            """, id, legacy));
        duplicate.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
    }

    [Theory]
    [InlineData("ledger_entry_id(workspace_id, sequence + 1000, recorded_at)", "NULL", false)]
    [InlineData("ledger_entry_id(workspace_id, sequence + 1000, recorded_at)", "true", false)]
    [InlineData("gen_random_uuid()", "true", true)]
    [InlineData("ledger_entry_id(workspace_id, sequence, recorded_at)", "true", true)]
    [InlineData("ledger_entry_id(workspace_id, sequence + 1000, recorded_at)", "false", true)]
    public async Task The_database_refuses_an_entry_marked_as_carrying_its_sequence_whose_id_does_not(string id, string carries, bool refused)
    {
        var (workspace, charge) = await ChargedWorkspaceAsync();
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var columns = LedgerReader.Columns.Split(',').Select(c => c.Trim()).ToArray();
        var values = columns.Select(c => c switch { "sequence" => "sequence + 1000", "id" => id, "id_carries_sequence" => carries, _ => c });

        var insert = connection.ExecuteAsync($"""
            INSERT INTO ledger_entries ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)}
            FROM ledger_entries WHERE workspace_id = $1 AND id = $2
            """, workspace, charge.Id());

        if (refused)
        {
            (await Should.ThrowAsync<PostgresException>(insert)).ConstraintName.ShouldBe("ledger_entries_id_carries_sequence");
        }
        else
        {
            await insert; // an id written as an older instance writes it: no mark, found through the second index
        }
    }

    private async Task<(Guid Workspace, JsonElement Charge)> ChargedWorkspaceAsync()
    {
        var id = await Api.Workspace();
        var client = await Api.WorkspaceClient(id);
        await (await client.Post($"/v1/workspaces/{id}/usage", Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        var entries = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=1000")).Expect(HttpStatusCode.OK)).GetProperty("items");
        return (id, entries.EnumerateArray().First(e => e.Str("type") == "charge" && e.Str("currency") == "actions"));
    }

    private async Task<JsonElement> PlanAsync(Guid workspace, Guid entry)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        // A test's ledger is a few pages, which PostgreSQL reads whole; on any real ledger it takes the indexes.
        await connection.ExecuteAsync("SET enable_seqscan = off; SET enable_bitmapscan = off");
        return await QueryPlans.ExplainAsync(connection, LedgerReader.ById(LedgerReader.Columns, "$1", "$2"), workspace, entry);
    }
}
