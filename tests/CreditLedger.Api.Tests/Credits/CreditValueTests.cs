using System.Globalization;
using System.Text.Json;

namespace CreditLedger.Api.Tests.Credits;

/// <summary>What credit is worth: a price currency per workspace, a unit price per grant (and per plan), and the value report.</summary>
public class CreditValueTests(LedgerApiFactory api) : LedgerTest(api)
{
    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture));

    private async Task<Guid> PricedWorkspace(object? rollover = null, string? priceCurrency = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Priced",
            ["plan"] = new { name = "Pro", actionsPerCycle = 100, dataCreditsPerCycle = 100, rollover, unitPrices = new { dataCredits = 0.05m } },
        };
        if (priceCurrency is not null)
        {
            body["priceCurrency"] = priceCurrency;
        }

        return (await (await Api.Admin().Post("/v1/workspaces", body)).Expect(HttpStatusCode.Created)).Id();
    }

    private async Task<JsonElement> Grant(Guid id, object body) =>
        await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", body)).Expect(HttpStatusCode.Created);

    private async Task<JsonElement> Value(Guid id, DateTimeOffset from, DateTimeOffset to) =>
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/value?from={Iso(from)}&to={Iso(to)}")).Expect(HttpStatusCode.OK);

    private static JsonElement Item(JsonElement report, string currency, string source) =>
        report.GetProperty("items").EnumerateArray().Single(i => i.Str("currency") == currency && i.Str("source") == source);

    [Fact]
    public async Task A_workspace_prices_its_credit_in_USD_unless_it_names_another_currency()
    {
        var usd = await Api.Workspace();
        var eur = await PricedWorkspace(priceCurrency: "EUR");

        (await (await Api.Admin().GetAsync($"/v1/workspaces/{usd}")).Expect(HttpStatusCode.OK)).Str("priceCurrency").ShouldBe("USD");
        var workspace = await (await Api.Admin().GetAsync($"/v1/workspaces/{eur}")).Expect(HttpStatusCode.OK);
        workspace.Str("priceCurrency").ShouldBe("EUR");
        workspace.GetProperty("plan").GetProperty("unitPrices").Amount("dataCredits").ShouldBe(0.05m);
        foreach (var bad in new[] { "usd", "EURO", "E1R", "" })
        {
            var problem = await (await Api.Admin().Post("/v1/workspaces", new { name = "x", priceCurrency = bad, plan = new { name = "p", actionsPerCycle = 1, dataCreditsPerCycle = 1 } }))
                .ExpectProblem(HttpStatusCode.BadRequest, "validation");
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain("priceCurrency", bad);
        }
    }

    [Fact]
    public async Task Grants_carry_their_unit_price_status_and_origin_and_the_plan_prices_its_cycle_grants()
    {
        var id = await PricedWorkspace();
        var purchase = await Grant(id, new { idempotencyKey = "inv-1", currency = "data_credits", amount = 10000, source = "purchase", unitPrice = 0.04m });

        (purchase.Amount("unitPrice"), purchase.Str("status"), purchase.GetProperty("autoTopUp").GetBoolean()).ShouldBe((0.04m, "active", false));
        var grants = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        grants.Single(g => g.Str("source") == "subscription" && g.Str("currency") == "data_credits").Amount("unitPrice").ShouldBe(0.05m);
        grants.Single(g => g.Str("source") == "subscription" && g.Str("currency") == "actions").Amount("unitPrice").ShouldBe(0m);
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?status=pending")).Expect(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?status=active")).Expect(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(3);
        (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?autoTopUp=true")).Expect(HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants?status=spent")).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        // A raise is priced by the plan as it is now; a plan without unitPrices prices from then on at 0; made grants keep theirs.
        await (await Api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "Scale", actionsPerCycle = 100, dataCreditsPerCycle = 150, unitPrices = new { dataCredits = 0.06m } }))
            .Expect(HttpStatusCode.OK);
        await (await Api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "Scale", actionsPerCycle = 100, dataCreditsPerCycle = 170 })).Expect(HttpStatusCode.OK);
        var prices = (await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/grants")).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Where(g => g.Str("currency") == "data_credits" && g.Str("source") == "subscription").Select(g => (g.Amount("amount"), g.Amount("unitPrice"))).ToList();
        prices.ShouldBe([(100m, 0.05m), (50m, 0.06m), (20m, 0m)]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000000.5)]
    [InlineData(0.0000001)]
    public async Task A_unit_price_outside_0_to_a_million_or_finer_than_6_decimals_is_400(double price)
    {
        var id = await Api.Workspace();
        var unitPrice = (decimal)price;

        var problem = await (await Api.Admin().Post($"/v1/workspaces/{id}/grants", new { idempotencyKey = "p", currency = "actions", amount = 1, source = "purchase", unitPrice }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain("unitPrice");
        var plan = await (await Api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "p", actionsPerCycle = 1, dataCreditsPerCycle = 1, unitPrices = new { actions = unitPrice } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        plan.GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldContain("unitPrices.actions");
        (await Count("grants", id)).ShouldBe(2);
    }

    [Fact]
    public async Task The_value_report_counts_each_movement_at_its_grants_price_and_a_reversal_against_what_it_reverses()
    {
        var from = Api.Clock.GetUtcNow();
        var id = await PricedWorkspace();
        await Grant(id, new { idempotencyKey = "inv-1", currency = "data_credits", amount = 10000, source = "purchase", unitPrice = 0.04m });
        await Grant(id, new { idempotencyKey = "odd", currency = "data_credits", amount = 3, source = "promotion", unitPrice = 0.000125m });
        var usage = await (await Usage(id, Enrichment("email_finder", "success", quantity: 60))).Expect(HttpStatusCode.Created);
        var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits'", usage.Id());
        await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);
        await (await Usage(id, Enrichment("email_finder", "success", quantity: 1))).Expect(HttpStatusCode.Created);
        await (await Api.Admin().Post($"/v1/workspaces/{id}/enrichments", new { idempotencyKey = "held", integration = "leadmagic", service = "email_finder", quantity = 5 }))
            .Expect(HttpStatusCode.Created);

        var report = await Value(id, from, Api.Clock.GetUtcNow().AddSeconds(1));

        report.Str("priceCurrency").ShouldBe("USD");
        var subscription = Item(report, "data_credits", "subscription");
        (subscription.Amount("granted"), subscription.Amount("consumed"), subscription.Amount("grantedValue"), subscription.Amount("consumedValue"))
            .ShouldBe((100m, 1m, 5m, 0.05m)); // 60 charged then refunded, then 1
        Item(report, "data_credits", "promotion").Amount("grantedValue").ShouldBe(0.0004m); // 3 × 0.000125 = 0.000375, rounded once, half away from zero
        Item(report, "data_credits", "purchase").Amount("grantedValue").ShouldBe(400m);
        Item(report, "actions", "subscription").Amount("consumed").ShouldBe(61m);
        report.GetProperty("totals").Amount("grantedValue").ShouldBe(405.0004m);
        report.GetProperty("totals").Amount("consumedValue").ShouldBe(0.05m);
        // Outstanding: remaining plus what the pending reservation holds on each grant.
        var outstanding = report.GetProperty("outstanding").GetProperty("items").EnumerateArray()
            .Single(i => i.Str("currency") == "data_credits" && i.Str("source") == "subscription");
        (outstanding.Amount("remaining"), outstanding.Amount("remainingValue")).ShouldBe((99m, 4.95m));
        await ShouldEqualRecomputation(id, report, from);
    }

    [Fact]
    public async Task Expired_credit_is_breakage_except_what_came_back_as_rollover()
    {
        var id = await PricedWorkspace(rollover: new { dataCredits = 30 });
        var from = Api.Clock.GetUtcNow().AddSeconds(-1);
        await Grant(id, new { idempotencyKey = "promo", currency = "data_credits", amount = 10, source = "promotion", unitPrice = 0.1m, expiresAt = Api.Clock.GetUtcNow().AddDays(1) });
        Api.Clock.Advance(TimeSpan.FromDays(32));

        var report = await Value(id, from, Api.Clock.GetUtcNow().AddSeconds(1));

        Item(report, "data_credits", "promotion").Amount("expiredValue").ShouldBe(1m);
        Item(report, "data_credits", "subscription").Amount("expired").ShouldBe(100m);
        Item(report, "data_credits", "rollover").Amount("grantedValue").ShouldBe(1.5m); // 30 carried at the plan's 0.05
        var totals = report.GetProperty("totals");
        (totals.Amount("expiredValue"), totals.Amount("breakageValue")).ShouldBe((6m, 4.5m));
        await ShouldEqualRecomputation(id, report, from);
    }

    [Fact]
    public async Task The_value_report_is_exact_over_any_range_of_whole_days_whole_hours_and_odd_instants()
    {
        var start = Api.Clock.GetUtcNow();
        var id = await PricedWorkspace();
        await Grant(id, new { idempotencyKey = "actions", currency = "actions", amount = 100_000, source = "purchase", unitPrice = 0.001m });
        var rng = new Random(20261205);
        for (var i = 0; i < 40; i++)
        {
            Api.Clock.Advance(TimeSpan.FromMinutes(rng.Next(1, 24 * 60)));
            await Grant(id, new { idempotencyKey = $"g{i}", currency = "data_credits", amount = rng.Next(1, 50), source = "purchase", unitPrice = 0.01m * rng.Next(1, 9) });
            var usage = await (await Usage(id, Enrichment("email_finder", "success", quantity: rng.Next(1, 20)))).Expect(HttpStatusCode.Created);
            if (i % 5 == 0)
            {
                var charge = await Api.ScalarAsync<Guid>("SELECT id FROM ledger_entries WHERE usage_id = $1 AND currency = 'data_credits' LIMIT 1", usage.Id());
                await (await Api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);
            }
        }

        var end = Api.Clock.GetUtcNow().AddSeconds(1);
        var windows = new List<(DateTimeOffset, DateTimeOffset)> { (start.AddSeconds(-1), end), (start.UtcDateTime.Date, end.UtcDateTime.Date.AddDays(1)) };
        for (var i = 0; i < 12; i++)
        {
            var from = start.AddMinutes(rng.Next(0, 20 * 24 * 60)).AddMilliseconds(rng.Next(0, 60_000));
            windows.Add((from, from.AddMinutes(rng.Next(1, 10 * 24 * 60)).AddMilliseconds(rng.Next(0, 60_000))));
        }

        foreach (var (from, to) in windows)
        {
            await ShouldEqualRecomputation(id, await Value(id, from, to), from, to);
        }
    }

    [Fact]
    public async Task The_value_report_takes_a_range_and_is_hidden_from_other_tenants()
    {
        var id = await Api.Workspace();
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/value?to=2026-01-01T00:00:00Z")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Api.Admin().GetAsync($"/v1/workspaces/{id}/reports/value?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var other = await Api.WorkspaceClient(await Api.Workspace());
        await (await other.GetAsync($"/v1/workspaces/{id}/reports/value?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    /// <summary>The report's items recomputed here from the raw entries and grants, in C#, by the contract's rules.</summary>
    private async Task ShouldEqualRecomputation(Guid id, JsonElement report, DateTimeOffset from, DateTimeOffset? to = null)
    {
        await using var connection = await Api.OpenOwnerConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT e.type, e.amount, e.currency, g.source, g.unit_price, o.type
            FROM ledger_entries e JOIN grants g ON g.workspace_id = e.workspace_id AND g.id = e.grant_id
            LEFT JOIN ledger_entries o ON o.workspace_id = e.workspace_id AND o.id = e.reverses_entry_id
            WHERE e.workspace_id = $1 AND e.recorded_at >= $2 AND e.recorded_at < $3
            """, connection)
        {
            Parameters = { new() { Value = id }, new() { Value = from }, new() { Value = to ?? DateTimeOffset.MaxValue } },
        };
        var sums = new Dictionary<(string Currency, string Source, string Kind), (decimal Amount, decimal Value)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var kind = reader.GetString(0) == "reversal" ? reader.GetString(5) : reader.GetString(0);
                var key = (reader.GetString(2), reader.GetString(3), kind);
                var sign = kind == "grant" ? 1 : -1;
                var (amount, value) = sums.GetValueOrDefault(key);
                sums[key] = (amount + (sign * reader.GetDecimal(1)), value + (sign * reader.GetDecimal(1) * reader.GetDecimal(4)));
            }
        }

        var items = report.GetProperty("items").EnumerateArray().ToList();
        items.Count.ShouldBe(sums.Where(kv => kv.Value != default).Select(kv => (kv.Key.Currency, kv.Key.Source)).Distinct().Count(), $"items {report}");
        foreach (var item in items)
        {
            foreach (var (kind, figure) in new[] { ("grant", "granted"), ("charge", "consumed"), ("expiry", "expired"), ("void", "voided") })
            {
                var (amount, value) = sums.GetValueOrDefault((item.Str("currency"), item.Str("source"), kind));
                item.Amount(figure).ShouldBe(amount, $"{item} {figure}");
                item.Amount(figure + "Value").ShouldBe(Math.Round(value, 4, MidpointRounding.AwayFromZero), $"{item} {figure}Value");
            }
        }
    }
}
