using System.Text.Json;

namespace CreditLedger.Api.Tests.LedgerEntries;

public class LedgerTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<List<JsonElement>> Entries(Guid id, string query = "limit=1000") =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?{query}")).Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task Every_entry_moves_its_balance_by_exactly_its_amount()
    {
        var id = await Api.Workspace();
        for (var i = 0; i < 5; i++)
        {
            await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        }

        foreach (var currency in new[] { "actions", "data_credits" })
        {
            var balance = 0m;
            foreach (var entry in (await Entries(id)).Where(e => e.Str("currency") == currency))
            {
                balance += entry.Amount("amount");
                entry.Amount("balanceAfter").ShouldBe(balance);
            }
        }

        (await Entries(id)).Select(e => e.GetProperty("sequence").GetInt64()).ShouldBe(Enumerable.Range(1, 12).Select(i => (long)i));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_filters_apply()
    {
        var id = await Api.Workspace();
        for (var i = 0; i < 4; i++)
        {
            await (await Usage(id, new { idempotencyKey = $"k{i}", kind = "export" })).Expect(HttpStatusCode.Created);
        }

        var page = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=3")).Expect(HttpStatusCode.OK);
        page.GetProperty("items").GetArrayLength().ShouldBe(3);
        var next = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=3&cursor={page.Str("nextCursor")}")).Expect(HttpStatusCode.OK);
        next.GetProperty("items").GetArrayLength().ShouldBe(3);
        next.GetProperty("nextCursor").ValueKind.ShouldBe(JsonValueKind.Null);
        (await Entries(id, "currency=data_credits")).Count.ShouldBe(1);
        var future = Uri.EscapeDataString(Api.Clock.GetUtcNow().AddHours(1).ToString("O"));
        (await Entries(id, $"from={future}")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("currency=gold")]
    [InlineData("cursor=abc")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    [InlineData("from=yesterday")]
    public async Task Bad_query_values_are_400(string query) =>
        await (await Api.Admin().GetAsync($"/v1/workspaces/{await Api.Workspace()}/ledger?{query}")).ExpectProblem(HttpStatusCode.BadRequest, "validation");

    [Fact]
    public async Task Reversing_a_charge_gives_the_credit_back_once()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        var charge = (await Entries(id)).First(e => e.Str("type") == "charge" && e.Str("currency") == "data_credits");
        var url = $"/v1/workspaces/{id}/ledger/{charge.Id()}/reverse";

        var reversal = await (await Api.Admin().Post(url, new { reason = "provider refunded" })).Expect(HttpStatusCode.Created);

        (reversal.Str("type"), reversal.Amount("amount")).ShouldBe(("reversal", 1m));
        reversal.GetProperty("reversesEntryId").GetGuid().ShouldBe(charge.Id());
        (await Available(id)).ShouldBe((99m, 100m));
        await (await Api.Admin().Post(url, new { reason = "again" })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Reversing_a_grant_takes_back_its_unspent_credit()
    {
        var id = await Api.Workspace(actions: 0, dataCredits: 0);
        var grant = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { currency = "actions", amount = 10, source = "purchase", idempotencyKey = "oops" }))
            .Expect(HttpStatusCode.Created);
        var entry = (await Entries(id)).Single(e => e.GetProperty("grantId").GetGuid() == grant.Id());

        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{entry.Id()}/reverse", new { reason = "duplicate invoice" })).Expect(HttpStatusCode.Created);

        (await Available(id)).Actions.ShouldBe(0);
    }

    [Fact]
    public async Task Holds_spent_grants_and_unknown_entries_cannot_be_reversed()
    {
        var id = await Api.Workspace(actions: 5, dataCredits: 5);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "r", integration = "leadmagic", service = "email_finder" }))
            .Expect(HttpStatusCode.Created);
        var entries = await Entries(id);
        var hold = entries.First(e => e.Str("type") == "hold");
        var spentGrant = entries.First(e => e.Str("type") == "grant");

        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{hold.Id()}/reverse", new { reason = "x" })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{spentGrant.Id()}/reverse", new { reason = "x" })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{Guid.NewGuid()}/reverse", new { reason = "x" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{hold.Id()}/reverse", new { reason = "" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var client = await Api.WorkspaceClient(id);
        await (await client.Post($"/v1/workspaces/{id}/ledger/{hold.Id()}/reverse", new { reason = "x" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_hash_chain_verifies_and_detects_a_row_altered_behind_the_services_back()
    {
        var id = await Api.Workspace();
        for (var i = 0; i < 3; i++)
        {
            await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);
        }

        var verify = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger/verify")).Expect(HttpStatusCode.OK);
        (verify.GetProperty("valid").GetBoolean(), verify.GetProperty("entries").GetInt64()).ShouldBe((true, 8L));

        await Tamper(id, sequence: 5);

        verify = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger/verify?full=true")).Expect(HttpStatusCode.OK);
        verify.GetProperty("valid").GetBoolean().ShouldBeFalse();
        verify.GetProperty("firstInvalidSequence").GetInt64().ShouldBe(5);
        await Restore(id, sequence: 5); // so the after-test invariants hold again
    }

    /// <summary>What only a superuser or the schema owner could do: switch the guard off and edit a row.</summary>
    private async Task Tamper(Guid id, long sequence) => await ExecuteAsOwner(
        $"ALTER TABLE ledger_entries DISABLE TRIGGER USER; UPDATE ledger_entries SET amount = amount * 2 WHERE workspace_id = '{id}' AND sequence = {sequence}; ALTER TABLE ledger_entries ENABLE TRIGGER USER;");

    private async Task Restore(Guid id, long sequence) => await ExecuteAsOwner(
        $"ALTER TABLE ledger_entries DISABLE TRIGGER USER; UPDATE ledger_entries SET amount = amount / 2 WHERE workspace_id = '{id}' AND sequence = {sequence}; ALTER TABLE ledger_entries ENABLE TRIGGER USER;");

    private async Task ExecuteAsOwner(string sql)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
