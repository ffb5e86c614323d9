namespace CreditLedger.Api.Tests.Credits;

/// <summary>No grant can take a balance where a later grant, release or reversal could not be stored.</summary>
public class BalanceLimitTests(LedgerApiFactory api) : LedgerTest(api)
{
    private const decimal Ceiling = 1_000_000_000_000_000m;

    private Task<HttpResponseMessage> Grant(Guid id, decimal amount, string key) =>
        Api.Admin().Post($"/v1/workspaces/{id}/grants", new { currency = "actions", amount, source = "purchase", idempotencyKey = key });

    [Fact]
    public async Task A_grant_beyond_the_ceiling_is_409_and_changes_nothing_and_its_key_stays_free()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        await (await Grant(id, Ceiling - 150, "big")).Expect(HttpStatusCode.Created);
        var entries = await Count("ledger_entries", id);

        var problem = await (await Grant(id, 51, "over")).ExpectProblem(HttpStatusCode.Conflict, "conflict");

        problem.Str("detail").ShouldContain("actions");
        (await Count("ledger_entries", id)).ShouldBe(entries);
        await (await Grant(id, 50, "over")).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Held_credit_counts_toward_the_ceiling_so_a_release_always_fits()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "r", integration = "leadmagic", service = "email_finder", quantity = 50 })).Expect(HttpStatusCode.Created);
        await (await Grant(id, Ceiling - 100, "fill")).Expect(HttpStatusCode.Created);
        await (await Grant(id, 1, "one-more")).ExpectProblem(HttpStatusCode.Conflict, "conflict");

        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/enrichments/{hold.Id()}/cancel", null)).Expect(HttpStatusCode.OK);
        (await Api.Balance(id)).GetProperty("actions").Amount("available").ShouldBe(Ceiling);
    }

    [Theory]
    [InlineData(1_000_000_000_001)]
    [InlineData(9_999_999_999_999_999)]
    public async Task Plan_allowances_above_the_largest_allowance_are_400(decimal allowance) =>
        await (await Api.Admin().Put($"/v1/workspaces/{await Api.Workspace()}/plan",
            new { name = "huge", actionsPerCycle = allowance, dataCreditsPerCycle = 1 })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
}
