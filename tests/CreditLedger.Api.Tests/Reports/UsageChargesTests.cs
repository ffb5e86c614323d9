using System.Text.Json;
using Npgsql;

namespace CreditLedger.Api.Tests.Reports;

/// <summary>
/// A usage event keeps what its charge entries add up to, and a report's minutes outside whole hours read a fact's
/// amounts from it; refunds still come from the ledger, events stored before they kept their amounts are summed from
/// their charge entries, and the database holds an event to both amounts or neither.
/// </summary>
public class UsageChargesTests(LedgerApiFactory api) : LedgerTest(api)
{
    [Fact]
    public async Task Every_way_of_recording_usage_keeps_what_its_charge_entries_add_up_to()
    {
        var id = await Api.Workspace(actions: 500, dataCredits: 500);
        var found = await (await Usage(id, Enrichment("email_finder", "success", quantity: 3))).Expect(HttpStatusCode.Created);
        var notFound = await (await Usage(id, Enrichment("email_finder", "not_found"))).Expect(HttpStatusCode.Created);
        var export = await (await Usage(id, new { idempotencyKey = "x", kind = "export", quantity = 2 })).Expect(HttpStatusCode.Created);
        var batch = await (await Api.Admin().Post($"/v1/workspaces/{id}/usage/batch", new
        {
            events = new object[] { Enrichment("mobile_finder", "success", "b1"), new { idempotencyKey = "b2", kind = "ai_call" } },
        })).Expect(HttpStatusCode.OK);
        var hold = await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments",
            new { idempotencyKey = "held", integration = "leadmagic", service = "company_finder", quantity = 2 })).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments/{hold.Id()}/complete", new { outcome = "success" })).Expect(HttpStatusCode.OK);

        (await Stored(found.Id())).ShouldBe((3m, 3m));
        (await Stored(notFound.Id())).ShouldBe((0m, 0m), "a finder that finds nothing is charged nothing");
        var exported = await Stored(export.Id());
        exported.ShouldBe(await Charged(export.Id()));
        exported.Actions.ShouldBeGreaterThan(0);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1 AND actions IS NULL", id)).ShouldBe(0);
        var completed = await Api.ScalarAsync<Guid>("SELECT id FROM usage_events WHERE workspace_id = $1 AND enrichment_id = $2", id, hold.Id());
        (await Stored(completed)).ShouldBe((2m, 2m));
        batch.GetProperty("results").GetArrayLength().ShouldBe(2);
        (await Api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1", id)).ShouldBe(6);
    }

    [Fact]
    public async Task A_range_cut_inside_hours_reports_the_charges_of_its_minutes_net_of_refunds()
    {
        var id = await Api.Workspace(actions: 500, dataCredits: 500);
        var hour = Hour(-3);
        var refunded = await Found(id, hour.AddMinutes(20), quantity: 4);
        await Found(id, hour.AddMinutes(35), quantity: 2);
        await Found(id, hour.AddMinutes(50), quantity: 8);           // after the range's end
        await Found(id, hour.AddMinutes(-5), quantity: 16);          // before its start
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", refunded);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "bad data" })).Expect(HttpStatusCode.Created);

        var totals = await Totals(id, hour.AddMinutes(10), hour.AddMinutes(40));

        (totals.Amount("actions"), totals.Amount("dataCredits"), totals.GetProperty("events").GetInt64()).ShouldBe((6m, 2m, 2L),
            "the 20-minute event's data credits were refunded; its actions were not");
    }

    [Fact]
    public async Task Events_stored_before_they_kept_their_amounts_are_reported_from_their_charge_entries()
    {
        var id = await Api.Workspace(actions: 500, dataCredits: 500);
        var hour = Hour(-5);
        await Found(id, hour.AddMinutes(15), quantity: 3);
        await Found(id, hour.AddMinutes(25), quantity: 5);
        await (await Usage(id, new { idempotencyKey = "late", kind = "export", occurredAt = hour.AddMinutes(30) })).Expect(HttpStatusCode.Created);
        var exportActions = await Api.ScalarAsync<decimal>("SELECT actions FROM usage_events WHERE workspace_id = $1 AND kind = 'export'", id);

        (await ForgetAmountsAsync(id)).ShouldBe(3, "the three events are now as an older service stored them");

        var totals = await Totals(id, hour.AddMinutes(10), hour.AddMinutes(50));
        (totals.Amount("actions"), totals.Amount("dataCredits")).ShouldBe((8m + exportActions, 8m));
        (await Api.ScalarAsync<long>("SELECT count(*) FROM usage_events WHERE workspace_id = $1 AND actions IS NULL", id)).ShouldBe(3);
    }

    [Fact]
    public async Task The_database_refuses_an_event_that_keeps_one_amount_and_not_the_other()
    {
        var id = await Api.Workspace();
        await (await Usage(id, Enrichment("email_finder", "success"))).Expect(HttpStatusCode.Created);

        var refused = await Should.ThrowAsync<PostgresException>(() =>
            Api.RewriteAsync("usage_events", "UPDATE usage_events SET data_credits = NULL WHERE workspace_id = $1", id));

        refused.ConstraintName.ShouldBe("usage_events_charges_both_or_neither");
        (await Stored(await Api.ScalarAsync<Guid>("SELECT id FROM usage_events WHERE workspace_id = $1", id))).ShouldBe((1m, 1m));
    }

    private DateTimeOffset Hour(int hours)
    {
        var now = Api.Clock.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(hours);
    }

    private async Task<Guid> Found(Guid id, DateTimeOffset occurredAt, int quantity) =>
        (await (await Usage(id, new
        {
            idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder",
            outcome = "success", quantity, occurredAt,
        })).Expect(HttpStatusCode.Created)).Id();

    private async Task<JsonElement> Totals(Guid id, DateTimeOffset from, DateTimeOffset to) =>
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/usage?from={Uri.EscapeDataString(from.ToString("O"))}" +
            $"&to={Uri.EscapeDataString(to.ToString("O"))}&granularity=hour&timeZone=UTC")).Expect(HttpStatusCode.OK)).GetProperty("totals");

    private async Task<(decimal Actions, decimal DataCredits)> Stored(Guid usageId) => (
        await Api.ScalarAsync<decimal>("SELECT actions FROM usage_events WHERE id = $1", usageId),
        await Api.ScalarAsync<decimal>("SELECT data_credits FROM usage_events WHERE id = $1", usageId));

    private async Task<(decimal Actions, decimal DataCredits)> Charged(Guid usageId) => (
        await Api.ScalarAsync<decimal>("SELECT coalesce(-sum(amount), 0) FROM ledger_entries WHERE usage_id = $1 AND currency = 'actions'", usageId),
        await Api.ScalarAsync<decimal>("SELECT coalesce(-sum(amount), 0) FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", usageId));

    /// <summary>Makes the workspace's usage events look as events stored before they kept their amounts (NULL).</summary>
    private Task<int> ForgetAmountsAsync(Guid id) =>
        Api.RewriteAsync("usage_events", "UPDATE usage_events SET actions = NULL, data_credits = NULL WHERE workspace_id = $1", id);
}
