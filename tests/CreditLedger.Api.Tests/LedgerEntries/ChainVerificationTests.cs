namespace CreditLedger.Api.Tests.LedgerEntries;

/// <summary>
/// Verification is incremental: a call hashes only what was appended since the last valid one. A full
/// re-verification (admin) finds an alteration below the checkpoint, and every later call then reports it too.
/// </summary>
public class ChainVerificationTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<System.Text.Json.JsonElement> Verify(Guid id, string query = "", HttpClient? client = null) =>
        await (await (client ?? Api.Admin()).GetAsync($"/v1/workspaces/{id}/ledger/verify{query}")).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Incremental_verification_skips_checked_entries_and_a_full_one_finds_what_changed_below_them()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        (await Verify(id)).GetProperty("entries").GetInt64().ShouldBe(4);
        await Tamper(id, 3, "amount = amount * 2");

        (await Verify(id)).GetProperty("valid").GetBoolean().ShouldBeTrue(); // below the checkpoint: not re-hashed
        var full = await Verify(id, "?full=true");
        (full.GetProperty("valid").GetBoolean(), full.GetProperty("firstInvalidSequence").GetInt64()).ShouldBe((false, 3L));
        (await Verify(id)).GetProperty("valid").GetBoolean().ShouldBeFalse();

        await Tamper(id, 3, "amount = amount / 2");
        (await Verify(id)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Entries_appended_after_the_checkpoint_are_verified()
    {
        var id = await Api.Workspace();
        await Verify(id);
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        await Tamper(id, 4, "amount = amount * 2");

        var result = await Verify(id);
        (result.GetProperty("valid").GetBoolean(), result.GetProperty("firstInvalidSequence").GetInt64(), result.GetProperty("entries").GetInt64())
            .ShouldBe((false, 4L, 4L));
        await Tamper(id, 4, "amount = amount / 2");
    }

    [Fact]
    public async Task A_full_reverification_needs_the_admin_key()
    {
        var id = await Api.Workspace();
        var client = await Api.WorkspaceClient(id);
        await (await client.GetAsync($"/v1/workspaces/{id}/ledger/verify?full=true")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Verify(id, client: client)).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task A_stored_hash_of_the_wrong_length_is_reported_as_where_the_chain_breaks()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        var hash = await Api.ScalarAsync<byte[]>("SELECT hash FROM ledger_entries WHERE workspace_id = $1 AND sequence = 4", id);
        await Tamper(id, 4, "hash = substring(hash from 1 for 16)");

        var result = await Verify(id);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK);
        await Tamper(id, 4, $"hash = '\\x{Convert.ToHexString(hash)}'");

        (result.GetProperty("valid").GetBoolean(), result.GetProperty("firstInvalidSequence").GetInt64()).ShouldBe((false, 4L));
        (await Verify(id, "?full=true")).GetProperty("valid").GetBoolean().ShouldBeTrue();
    }

    private async Task Tamper(Guid id, long sequence, string set)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"ALTER TABLE ledger_entries DISABLE TRIGGER USER; UPDATE ledger_entries SET {set} WHERE workspace_id = '{id}' AND sequence = {sequence}; ALTER TABLE ledger_entries ENABLE TRIGGER USER;",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}
