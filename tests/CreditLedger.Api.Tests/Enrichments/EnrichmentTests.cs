using CreditLedger.Api.Enrichments;
using Microsoft.Extensions.DependencyInjection;
using CreditLedger.Api.Engine.Reservations;

namespace CreditLedger.Api.Tests.Enrichments;

public class EnrichmentTests(LedgerApiFactory api) : LedgerTest(api)
{
    private async Task<System.Text.Json.JsonElement> Reserve(Guid id, string service = "email_finder", int quantity = 1, string? key = null) =>
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = key ?? Guid.NewGuid().ToString(), integration = "leadmagic", service, quantity })).Expect(HttpStatusCode.Created);

    private Task<HttpResponseMessage> Complete(Guid id, Guid enrichment, string outcome) =>
        Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{enrichment}/complete", new { outcome });

    [Fact]
    public async Task A_reservation_holds_the_most_it_can_cost()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id, quantity: 3);

        reservation.Str("status").ShouldBe("pending");
        reservation.GetProperty("held").EnumerateArray().Select(h => (h.Str("currency"), h.Amount("amount"))).ShouldBe([("actions", 3m), ("data_credits", 3m)]);
        reservation.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(Api.Clock.GetUtcNow().AddMinutes(15), TimeSpan.FromSeconds(1));
        var balance = await Api.Balance(id);
        (balance.GetProperty("dataCredits").Amount("available"), balance.GetProperty("dataCredits").Amount("held")).ShouldBe((97m, 3m));
    }

    [Fact]
    public async Task Completing_with_success_releases_the_hold_then_charges_as_usage()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id, quantity: 2);

        var settled = await (await Complete(id, reservation.Id(), "success")).Expect(HttpStatusCode.OK);

        settled.Str("status").ShouldBe("charged");
        settled.GetProperty("charges").GetArrayLength().ShouldBe(2);
        var balance = await Api.Balance(id);
        (balance.GetProperty("dataCredits").Amount("available"), balance.GetProperty("dataCredits").Amount("held")).ShouldBe((98m, 0m));
        var types = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/ledger")).Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Select(e => e.Str("type")).Skip(2).ToList();
        types.ShouldBe(["hold", "hold", "release", "release", "charge", "charge"]);
        (await Api.ScalarAsync<string>("SELECT kind FROM usage_events WHERE workspace_id = $1 AND enrichment_id = $2", id, reservation.Id())).ShouldBe("enrichment");
    }

    [Fact]
    public async Task A_finder_that_finds_nothing_is_released_without_charge()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id);
        var settled = await (await Complete(id, reservation.Id(), "not_found")).Expect(HttpStatusCode.OK);
        settled.Str("status").ShouldBe("released");
        settled.GetProperty("charges").GetArrayLength().ShouldBe(0);
        (await Available(id)).ShouldBe((100m, 100m));
    }

    [Fact]
    public async Task Settling_again_gives_the_same_answer_and_another_outcome_is_409()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id, service: "email_validation");
        var first = await (await Complete(id, reservation.Id(), "not_found")).Expect(HttpStatusCode.OK);

        var again = await (await Complete(id, reservation.Id(), "not_found")).Expect(HttpStatusCode.OK);
        again.GetRawText().ShouldBe(first.GetRawText());
        await (await Complete(id, reservation.Id(), "success")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/enrichments/{reservation.Id()}/cancel", null)).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Available(id)).ShouldBe((99m, 99m));
    }

    [Fact]
    public async Task Cancelling_releases_the_hold_and_is_not_usage()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id);
        var cancel = $"/v1/workspaces/{id}/enrichments/{reservation.Id()}/cancel";

        (await (await Api.Admin().PostAsync(cancel, null)).Expect(HttpStatusCode.OK)).Str("status").ShouldBe("released");
        await (await Api.Admin().PostAsync(cancel, null)).Expect(HttpStatusCode.OK);
        await (await Complete(id, reservation.Id(), "success")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Count("usage_events", id)).ShouldBe(0);
        var read = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/enrichments/{reservation.Id()}")).Expect(HttpStatusCode.OK);
        read.Str("status").ShouldBe("released");
    }

    [Fact]
    public async Task Under_an_own_api_key_a_reservation_holds_actions_only()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Put($"/v1/workspaces/{id}/integrations/leadmagic", new { ownApiKey = true })).Expect(HttpStatusCode.OK);
        var reservation = await Reserve(id);
        reservation.GetProperty("held").EnumerateArray().Select(h => h.Str("currency")).ShouldBe(["actions"]);
    }

    [Fact]
    public async Task A_reservation_that_cannot_be_held_is_402_and_holds_nothing()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 1);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "r", integration = "leadmagic", service = "email_finder", quantity = 2 }))
            .ExpectProblem(HttpStatusCode.PaymentRequired, "insufficient-credits");
        (await Count("enrichments", id)).ShouldBe(0);
    }

    [Fact]
    public async Task Reservations_replay_the_same_id_for_the_same_key()
    {
        var id = await Api.Workspace();
        var first = await Reserve(id, key: "row-1");
        var again = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "row-1", integration = "leadmagic", service = "email_finder", quantity = 1 })).Expect(HttpStatusCode.OK);
        again.Id().ShouldBe(first.Id());
    }

    [Fact]
    public async Task Holds_past_their_timeout_are_released_by_the_service()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id);
        Api.Clock.Advance(TimeSpan.FromMinutes(16));

        var released = await Api.Services.GetRequiredService<HoldExpiryService>().ReleaseDueHoldsAsync(CancellationToken.None);

        released.ShouldBeGreaterThanOrEqualTo(1);
        var balance = await Api.Balance(id);
        balance.GetProperty("dataCredits").Amount("held").ShouldBe(0);
        await (await Complete(id, reservation.Id(), "success")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Completing_after_the_timeout_before_the_sweep_releases_and_is_409()
    {
        var id = await Api.Workspace();
        var reservation = await Reserve(id);
        Api.Clock.Advance(TimeSpan.FromMinutes(20));
        await (await Complete(id, reservation.Id(), "success")).ExpectProblem(HttpStatusCode.Conflict, "conflict");
        (await Available(id)).ShouldBe((100m, 100m));
    }

    [Fact]
    public async Task A_hold_whose_grant_lapses_still_pays_for_the_work_it_reserved()
    {
        var id = await Api.Workspace(actions: 10, dataCredits: 0);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { currency = "data_credits", amount = 5, source = "promotion",
            idempotencyKey = "promo", expiresAt = Api.Clock.GetUtcNow().AddMinutes(5) })).Expect(HttpStatusCode.Created);
        var reservation = await Reserve(id, quantity: 2);
        Api.Clock.Advance(TimeSpan.FromMinutes(10));

        var settled = await (await Complete(id, reservation.Id(), "success")).Expect(HttpStatusCode.OK);

        settled.Str("status").ShouldBe("charged");
        (await Available(id)).ShouldBe((8m, 0m)); // the 3 unreserved credits expired
    }

    [Fact]
    public async Task Unknown_services_users_and_enrichments_are_rejected()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "a", integration = "leadmagic", service = "tarot" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "b", integration = "leadmagic", service = "email_finder", userId = Guid.NewGuid() }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Complete(id, Guid.NewGuid(), "success")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Complete(id, Guid.NewGuid(), "maybe")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }
}
