namespace CreditLedger.Api.Tests.Usage;

public class InsufficientCreditTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Running_out_is_402_naming_the_currency_and_records_nothing()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 2);
        var (entries, usage) = (await Count("ledger_entries", id), await Count("usage_events", id));

        var problem = await (await Usage(id, Enrichment("email_finder", "success", "row-1", quantity: 3)))
            .ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");

        problem.Str("currency").ShouldBe("data_credits");
        problem.Amount("required").ShouldBe(3);
        problem.Amount("available").ShouldBe(2);
        (await Count("ledger_entries", id)).ShouldBe(entries);
        (await Count("usage_events", id)).ShouldBe(usage);
    }

    [Fact]
    public async Task Actions_are_named_before_data_credits_when_both_are_short()
    {
        var id = await Api.Workspace(actions: 1, dataCredits: 1);
        var problem = await (await Usage(id, Enrichment("email_finder", "success", quantity: 5))).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        problem.Str("currency").ShouldBe("actions");
    }

    [Fact]
    public async Task The_paused_operation_resumes_with_the_same_key_after_a_top_up()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 0);
        var request = Enrichment("email_finder", "success", "row-9");
        await (await Usage(id, request)).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");

        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { currency = "data_credits", amount = 10, source = "purchase", idempotencyKey = "topup-1" }))
            .Expect(HttpStatusCode.Created);

        await (await Usage(id, request)).Expect(HttpStatusCode.Created);
        (await Available(id)).ShouldBe((99m, 9m));
    }

    [Fact]
    public async Task A_failed_outcome_needs_no_credit_at_all()
    {
        var id = await Api.Workspace(actions: 0, dataCredits: 0);
        await (await Usage(id, Enrichment("email_finder", "failed"))).Expect(HttpStatusCode.Created);
        (await Count("usage_events", id)).ShouldBe(1);
    }
}
