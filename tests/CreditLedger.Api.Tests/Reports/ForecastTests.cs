namespace CreditLedger.Api.Tests.Reports;

/// <summary>The burn forecast: the last 7 × 24 hours' net charges (by when the work happened) against what is available now.</summary>
public class ForecastTests(LedgerApiFactory api) : LedgerTest(api)
{
    private Task<HttpResponseMessage> Find(Guid id, int quantity, DateTimeOffset occurredAt) => Api.Admin().Post($"/v1/workspaces/{id}/usage", new
    {
        idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success",
        quantity, occurredAt,
    });

    [Fact]
    public async Task Seventy_data_credits_burned_in_the_last_week_with_thirty_left_run_out_in_three_days()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 105);
        var now = Api.Clock.GetUtcNow();
        await (await Find(id, 5, now.AddDays(-8))).Expect(HttpStatusCode.Created); // before the basis: paid for, not counted
        await (await Find(id, 40, now.AddDays(-6))).Expect(HttpStatusCode.Created);
        await (await Find(id, 30, now.AddHours(-1))).Expect(HttpStatusCode.Created);
        var refunded = await Find(id, 10, now.AddDays(-2));
        var usageId = (await refunded.Expect(HttpStatusCode.Created)).Id();
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", usageId);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);

        var forecast = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/forecast")).Expect(HttpStatusCode.OK);

        var asOf = forecast.GetProperty("asOf").GetDateTimeOffset();
        forecast.GetProperty("basis").GetProperty("from").GetDateTimeOffset().ShouldBe(asOf.AddDays(-7));
        var credits = forecast.GetProperty("dataCredits");
        (credits.Amount("available"), credits.Amount("dailyBurn"), credits.Amount("daysLeft")).ShouldBe((30m, 10m, 3m));
        credits.GetProperty("runsOutAt").GetDateTimeOffset().ShouldBe(asOf.AddDays(3));
        credits.GetProperty("beforeCycleEnd").GetBoolean().ShouldBeTrue();
        forecast.GetProperty("actions").Amount("dailyBurn").ShouldBe(11.4286m); // 80 actions / 7: only the data credit charge was refunded
    }

    [Fact]
    public async Task Grants_holds_and_their_releases_are_never_burn_and_a_reversed_grant_is_not_negative_burn()
    {
        var id = await Api.Workspace(actions: 1000, dataCredits: 1000);
        await (await Find(id, 14, Api.Clock.GetUtcNow().AddDays(-1))).Expect(HttpStatusCode.Created);
        var grant = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "top-up", currency = "data_credits", amount = 70, source = "purchase" }))
            .Expect(HttpStatusCode.Created);
        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "held", integration = "leadmagic", service = "email_finder", quantity = 7 }))
            .Expect(HttpStatusCode.Created);
        await (await Api.Admin().PostAsync($"/v1/workspaces/{id}/enrichments/{hold.Id()}/cancel", null)).Expect(HttpStatusCode.OK);
        var grantEntry = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE grant_id = $1 AND type = 'grant'", grant.Id());
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{grantEntry}/reverse", new { reason = "chargeback" })).Expect(HttpStatusCode.Created);

        var credits = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/forecast")).Expect(HttpStatusCode.OK)).GetProperty("dataCredits");

        (credits.Amount("available"), credits.Amount("dailyBurn"), credits.Amount("daysLeft")).ShouldBe((986m, 2m, 493m));
    }

    [Fact]
    public async Task A_workspace_that_burned_nothing_has_no_run_out()
    {
        var id = await Api.Workspace();

        var credits = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/forecast")).Expect(HttpStatusCode.OK)).GetProperty("dataCredits");

        credits.Amount("dailyBurn").ShouldBe(0);
        credits.GetProperty("daysLeft").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        credits.GetProperty("runsOutAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        credits.GetProperty("beforeCycleEnd").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task The_forecast_reads_the_new_cycle_after_a_boundary_and_other_tenants_cannot_read_it()
    {
        var id = await Api.Workspace(actions: 100, dataCredits: 100);
        var stranger = await Api.WorkspaceClient(await Api.Workspace());
        Api.Clock.Advance(TimeSpan.FromDays(32));

        var forecast = await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/forecast")).Expect(HttpStatusCode.OK);

        forecast.GetProperty("cycle").GetProperty("end").GetDateTimeOffset().ShouldBeGreaterThan(Api.Clock.GetUtcNow());
        forecast.GetProperty("dataCredits").Amount("available").ShouldBe(100);
        await (await stranger.GetAsync($"/v1/workspaces/{id}/forecast")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}
