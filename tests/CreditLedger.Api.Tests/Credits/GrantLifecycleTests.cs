using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>Payment-gated and voidable grants: pending adds nothing until activated; void gives up only what remains.</summary>
public class GrantLifecycleTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<JsonElement> Grant(Guid id, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", body)).Expect(expected);

    private Task<HttpResponseMessage> Activate(Guid id, Guid grant) => Api.Admin().PostAsync($"/v1/workspaces/{id}/grants/{grant}/activate", null);

    private Task<HttpResponseMessage> Void(Guid id, Guid grant, string reason = "refunded") =>
        Api.Admin().Post($"/v1/workspaces/{id}/grants/{grant}/void", new { reason });

    private async Task<List<(string Type, decimal Amount)>> Entries(Guid id, Guid grant) =>
        [.. (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger?limit=1000")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(e => e.TryGetProperty("grantId", out var g) && g.ValueKind == JsonValueKind.String && g.GetGuid() == grant)
            .Select(e => (e.Str("type"), e.Amount("amount")))];

    [Fact]
    public async Task A_pending_grant_adds_nothing_until_activated_and_then_counts_from_that_instant()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 10);
        var pending = await Grant(id, new { idempotencyKey = "inv-7", currency = "data_credits", amount = 500, source = "purchase", unitPrice = 0.04m, pending = true });

        (pending.Str("status"), pending.Amount("remaining"), pending.Amount("amount")).ShouldBe(("pending", 0m, 500m));
        (await Available(id)).ShouldBe((10m, 10m));
        (await Entries(id, pending.Id())).ShouldBeEmpty();
        await (await Usage(id, Enrichment("email_finder", "success", quantity: 11))).ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");

        Api.Clock.Advance(TimeSpan.FromMinutes(5));
        var active = await (await Activate(id, pending.Id())).Expect(HttpStatusCode.OK);

        (active.Str("status"), active.Amount("remaining")).ShouldBe(("active", 500m));
        active.GetProperty("effectiveAt").GetDateTimeOffset().ShouldBe(Api.Clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        (await Available(id)).ShouldBe((10m, 510m));
        (await Entries(id, pending.Id())).ShouldBe([("grant", 500m)]);
        (await (await Activate(id, pending.Id())).Expect(HttpStatusCode.OK)).GetRawText().ShouldBe(active.GetRawText());
        (await Entries(id, pending.Id())).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Twenty_concurrent_activations_append_one_grant_entry()
    {
        var id = await Api.Workspace();
        var pending = await Grant(id, new { idempotencyKey = "race", currency = "actions", amount = 50, source = "purchase", pending = true });

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Activate(id, pending.Id())));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.OK);
        (await Entries(id, pending.Id())).ShouldBe([("grant", 50m)]);
        (await Available(id)).ShouldBe((150m, 100m));
    }

    [Fact]
    public async Task Voiding_an_active_grant_gives_up_only_what_remains_and_what_it_paid_for_stays_paid()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 0);
        var bought = await Grant(id, new { idempotencyKey = "inv-8", currency = "data_credits", amount = 20, source = "purchase" });
        (await Usage(id, Enrichment("email_finder", "success", quantity: 7))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var voided = await (await Void(id, bought.Id())).Expect(HttpStatusCode.OK);

        (voided.Str("status"), voided.Amount("remaining")).ShouldBe(("voided", 0m));
        (await Entries(id, bought.Id())).ShouldBe([("grant", 20m), ("charge", -7m), ("void", -13m)]);
        (await Available(id)).ShouldBe((93m, 0m));
        (await Api.ScalarAsync<string>("SELECT reason FROM ledger_entries WHERE grant_id = $1 AND type = 'void'", bought.Id())).ShouldBe("refunded");
        (await (await Void(id, bought.Id())).Expect(HttpStatusCode.OK)).GetRawText().ShouldBe(voided.GetRawText());
        await (await Activate(id, bought.Id())).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Entries(id, bought.Id())).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_pending_grant_voided_writes_nothing_and_cannot_be_activated()
    {
        var id = await Api.Workspace();
        var pending = await Grant(id, new { idempotencyKey = "inv-9", currency = "actions", amount = 5, source = "purchase", pending = true });
        var entries = await Count("ledger_entries", id);

        (await (await Void(id, pending.Id())).Expect(HttpStatusCode.OK)).Str("status").ShouldBe("voided");

        (await Count("ledger_entries", id)).ShouldBe(entries);
        await (await Activate(id, pending.Id())).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?status=voided")).Expect(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task The_plans_grants_a_grant_under_a_pending_hold_and_a_lapsed_pending_grant_are_409()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 0);
        var subscription = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK)).GetProperty("items")[0].Id();
        await (await Void(id, subscription)).ExpectProblem(HttpStatusCode.Conflict, "conflict");

        var bought = await Grant(id, new { idempotencyKey = "held", currency = "data_credits", amount = 10, source = "purchase" });
        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "r", integration = "leadmagic", service = "email_finder", quantity = 2 }))
            .Expect(HttpStatusCode.Created);
        await (await Void(id, bought.Id())).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/enrichments/{hold.Id()}/cancel", null)).Expect(HttpStatusCode.OK);
        (await Void(id, bought.Id())).StatusCode.ShouldBe(HttpStatusCode.OK);

        var lapsing = await Grant(id, new { idempotencyKey = "late", currency = "actions", amount = 5, source = "purchase", pending = true, expiresAt = Api.Clock.GetUtcNow().AddHours(1) });
        Api.Clock.Advance(TimeSpan.FromHours(2));
        await (await Activate(id, lapsing.Id())).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Activate(id, Guid.NewGuid())).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var other = await Api.Workspace();
        await (await Activate(other, lapsing.Id())).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_void_entry_cannot_be_reversed_and_a_refund_of_what_a_voided_grant_paid_is_voided_again()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 0);
        var bought = await Grant(id, new { idempotencyKey = "inv-10", currency = "data_credits", amount = 10, source = "purchase" });
        var usage = await (await Usage(id, Enrichment("email_finder", "success", quantity: 4))).Expect(HttpStatusCode.Created);
        await (await Void(id, bought.Id())).Expect(HttpStatusCode.OK);
        var voidEntry = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE grant_id = $1 AND type = 'void'", bought.Id());
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", usage.Id());

        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{voidEntry}/reverse", new { reason = "undo" })).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);

        (await Entries(id, bought.Id())).ShouldBe([("grant", 10m), ("charge", -4m), ("void", -6m), ("reversal", 4m), ("void", -4m)]);
        (await Available(id)).ShouldBe((96m, 0m));
    }

    [Fact]
    public async Task A_void_needs_a_reason_and_the_admin()
    {
        var id = await Api.Workspace();
        var bought = await Grant(id, new { idempotencyKey = "inv-11", currency = "actions", amount = 5, source = "purchase" });

        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants/{bought.Id()}/void", new { reason = "" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var key = await Api.WorkspaceClient(id);
        await (await key.Post($"/v1/workspaces/{id}/grants/{bought.Id()}/void", new { reason = "mine" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await key.PostAsync($"/v1/workspaces/{id}/grants/{bought.Id()}/activate", null)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Available(id)).ShouldBe((105m, 100m));
    }
}
