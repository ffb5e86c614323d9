using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CreditLedger.Api.Tests.Dashboard;

/// <summary>Debian's Chromium driven by Playwright (no browser download): the dashboard shows what the API says.</summary>
public class DashboardBrowserTests(BrowserApiFactory api) : IClassFixture<BrowserApiFactory>
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly System.Collections.Concurrent.ConcurrentBag<string> serverErrors = [];

    [SkippableFact]
    public async Task The_dashboard_shows_the_same_numbers_as_the_API_and_follows_the_range()
    {
        // Reported as skipped, never passed, where no browser exists (scripts/test.sh installs Debian's chromium).
        Provisioned.Require(File.Exists(Chromium), $"No Chromium at {Chromium}: install Debian's chromium package (scripts/test.sh does) to run the browser test.");
        var id = await api.Workspace(actions: 500, dataCredits: 4); // the four billable enrichments below use it all
        var ada = await api.User(id, "ada@example.com");
        var bob = await api.User(id, "bob@example.com");
        var (_, key) = await api.ApiKey(id);
        var client = api.WithKey(key);
        var now = api.Clock.GetUtcNow();
        foreach (var (resource, kind, parent) in new[] { ("growth", "folder", (string?)null), ("leads", "workbook", "growth"), ("leads-q4", "table", "leads") })
        {
            await (await client.Put($"/v1/workspaces/{id}/resources/{resource}", new { kind, name = $"{resource} {kind}", parentId = parent })).Expect(HttpStatusCode.Created);
        }

        var n = 0;
        foreach (var (user, service, outcome, daysAgo) in new (Guid User, string Service, string Outcome, int DaysAgo)[]
        {
            (ada, "email_finder", "success", 3), (ada, "email_finder", "not_found", 3), (bob, "mobile_finder", "success", 2),
            (bob, "email_validation", "not_found", 1), (ada, "company_finder", "success", 0), (bob, "email_finder", "failed", 0),
        })
        {
            await (await client.Post($"/v1/workspaces/{id}/usage", new
            {
                idempotencyKey = $"seed-{n}", kind = "enrichment", userId = user, integration = "leadmagic", service, outcome,
                resourceId = n++ % 2 == 0 ? "leads-q4" : null,
                occurredAt = daysAgo == 0 ? (DateTimeOffset?)null : now.AddDays(-daysAgo),
            })).Expect(HttpStatusCode.Created);
        }

        for (var i = 0; i < 4; i++)
        {
            await (await client.Post($"/v1/workspaces/{id}/usage", new { idempotencyKey = $"run-{i}", kind = "table_run", userId = ada, quantity = 5, occurredAt = now.AddDays(-i) }))
                .Expect(HttpStatusCode.Created);
        }

        var leadsLimit = await (await client.Put($"/v1/workspaces/{id}/spend-limits/resource/leads", new { actions = 40 })).Expect(HttpStatusCode.OK);
        await (await client.Put($"/v1/workspaces/{id}/spend-limits/defaults/workbook", new { dataCredits = 15_000 })).Expect(HttpStatusCode.OK);
        var month = await (await client.GetAsync($"/v1/workspaces/{id}/reports/usage?from={Iso(now.AddDays(-29).Date)}&to={Iso(now.AddDays(1).Date)}")).Expect(HttpStatusCode.OK);
        var integrations = await (await client.GetAsync($"/v1/workspaces/{id}/reports/integrations?from={Iso(now.AddDays(-29).Date)}&to={Iso(now.AddDays(1).Date)}")).Expect(HttpStatusCode.OK);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        // The browser sits in Tokyo; the workspace is in UTC: every time on the page must be UTC, as the page says.
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, TimezoneId = "Asia/Tokyo" });
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                serverErrors.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync($"{api.RootUrl}/dashboard");
        (await page.IsVisibleAsync("#app")).ShouldBeFalse(); // the sign-in card alone, no empty dashboard under it
        await page.FillAsync("#api-key", key);
        await page.ClickAsync("button[type=submit]");

        // Header, totals and chart: the same numbers as the 30-day report.
        await Expect(page, "#total-events", month.GetProperty("totals").GetProperty("events").GetInt64());
        (await Number(page, "#total-actions")).ShouldBe(month.GetProperty("totals").Amount("actions"));
        (await Number(page, "#total-credits")).ShouldBe(month.GetProperty("totals").Amount("dataCredits"));
        var chartActions = await page.EvaluateAsync<double>("Chart.getChart('usage-chart').data.datasets[0].data.reduce((a, b) => a + b, 0)");
        ((decimal)chartActions).ShouldBe(month.GetProperty("totals").Amount("actions"));
        var balance = await api.Balance(id);
        (await Number(page, "#credits-available")).ShouldBe(balance.GetProperty("dataCredits").Amount("available"));
        (await page.TextContentAsync("#low-balance"))!.ShouldContain("Data credits low");

        // Tables: per user, per integration with attempts and successes, and the per-service drill-down.
        var userRows = await page.Locator("#users-table tbody tr").AllInnerTextsAsync();
        userRows.ShouldContain(r => r.StartsWith("Ada <ada@example.com>", StringComparison.Ordinal));
        var leadmagic = integrations.GetProperty("items").EnumerateArray().Single(i => i.Str("integration") == "leadmagic");
        var row = page.Locator("#integrations-table tbody tr", new() { HasText = "LeadMagic" });
        (await row.InnerTextAsync()).Split('\t').Skip(3).Take(2).ShouldBe(
            [leadmagic.GetProperty("attempts").GetInt64().ToString(CultureInfo.InvariantCulture), leadmagic.GetProperty("successes").GetInt64().ToString(CultureInfo.InvariantCulture)]);
        await row.ClickAsync();
        await page.WaitForSelectorAsync("#services-table tbody tr");
        // Services without usage in the range wait behind "show all".
        (await page.Locator("#services-table tbody tr").AllInnerTextsAsync()).Select(r => r.Split('\t')[0])
            .ShouldBe(["Email Finder", "Email Validation", "Mobile Finder", "Company Finder"]); // names from the catalog, not keys
        (await page.TextContentAsync("#services-all")).ShouldBe("Show all 7 (3 unused)");
        await page.ClickAsync("#services-all");
        (await page.Locator("#services-table tbody tr").CountAsync()).ShouldBe(7);
        await page.ClickAsync("#services-all");

        // Changing the range to today shows today's numbers only.
        var today = await (await client.GetAsync($"/v1/workspaces/{id}/reports/usage?from={Iso(StartOfUtcDay(DateTimeOffset.UtcNow))}&to={Iso(StartOfUtcDay(DateTimeOffset.UtcNow).AddDays(1))}")).Expect(HttpStatusCode.OK);
        await page.SelectOptionAsync("#preset", "today");
        await Expect(page, "#total-events", today.GetProperty("totals").GetProperty("events").GetInt64());

        // By resource: the folder's row includes its table's usage; ▸ opens a row; a name filters every report to it.
        await page.SelectOptionAsync("#preset", "30d");
        await Expect(page, "#total-events", month.GetProperty("totals").GetProperty("events").GetInt64());
        var tree = await (await client.GetAsync($"/v1/workspaces/{id}/reports/resources?from={Iso(now.AddDays(-29).Date)}&to={Iso(now.AddDays(1).Date)}")).Expect(HttpStatusCode.OK);
        var folder = tree.GetProperty("items").EnumerateArray().Single();
        folder.GetProperty("events").GetInt64().ShouldBe(3);
        (await Cells(page, "growth")).ShouldBe(["▸growth folder", "folder", Text(folder.Amount("actions")), Text(folder.Amount("dataCredits")), "3"]);
        (await Cells(page, "unattributed"))[3].ShouldBe(Text(tree.GetProperty("unattributed").Amount("dataCredits")));
        (await page.Locator("#resources-table tr[data-resource=leads-q4]").CountAsync()).ShouldBe(0);
        await page.ClickAsync("#resources-table tr[data-resource=growth] button.toggle");
        await page.ClickAsync("#resources-table tr[data-resource=leads] button.toggle");
        (await Cells(page, "leads-q4"))[4].ShouldBe("3");

        // Spend limits: the workbook's bar says what it spent of its cap this cycle, and the default is named.
        var spent = leadsLimit.GetProperty("actions").Amount("spent");
        spent.ShouldBeGreaterThan(0);
        var limitRow = page.Locator("#limits-table tr[data-limit='resource/leads']");
        await limitRow.WaitForAsync(new() { Timeout = 15_000 });
        (await limitRow.Locator("td").AllInnerTextsAsync()).ShouldBe(["Resource leads workbook", $"{Text(spent)} of 40 · {Text(40 - spent)} left", "no cap"]);
        (await page.TextContentAsync("#workbook-default"))!.ShouldContain("15,000 data credits per cycle");

        // The forecast line says what the forecast route says.
        var forecast = await (await client.GetAsync($"/v1/workspaces/{id}/forecast")).Expect(HttpStatusCode.OK);
        var credits = forecast.GetProperty("dataCredits");
        credits.Amount("available").ShouldBe(0);
        (await page.TextContentAsync("#forecast"))!.ShouldStartWith("Data Credits: none left; work that needs them pauses until a top-up · Actions last ");
        (await page.TextContentAsync("#zone-said")).ShouldBe("UTC");

        // "Will we make it?": the cycle's balance history ends at the balance now, and the projection runs to the cycle's end.
        var current = await api.Balance(id);
        await page.WaitForFunctionAsync("() => Chart.getChart('runway-chart')?.data.datasets.length === 5", null, new() { Timeout = 15_000 });
        ((decimal)await page.EvaluateAsync<double>("Chart.getChart('runway-chart').data.datasets[0].data.at(-1).y")).ShouldBe(current.GetProperty("actions").Amount("available"));
        ((decimal)await page.EvaluateAsync<double>("Chart.getChart('runway-chart').data.datasets[2].data.at(-1).y")).ShouldBe(current.GetProperty("dataCredits").Amount("available"));
        (await page.EvaluateAsync<double>("Chart.getChart('runway-chart').data.datasets[1].data.at(-1).x"))
            .ShouldBe(forecast.GetProperty("cycle").GetProperty("end").GetDateTimeOffset().ToUnixTimeMilliseconds());
        (await page.TextContentAsync("#runway-end"))!.ShouldStartWith("cycle ends ");
        (await page.EvaluateAsync<double[]>("Chart.getChart('runway-chart').data.datasets[4].data.map((p) => p.x)"))
            .ShouldAllBe(x => x == forecast.GetProperty("cycle").GetProperty("end").GetDateTimeOffset().ToUnixTimeMilliseconds()); // the end, marked

        // "Estimate a run": the answer the estimates route gives, in words: the cost, and the limit that would stop it.
        var estimate = await (await client.Post($"/v1/workspaces/{id}/estimates", new { items = new[] { new { kind = "export", quantity = 50 } }, resourceId = "leads" }))
            .Expect(HttpStatusCode.OK);
        estimate.GetProperty("limit").Str("scopeId").ShouldBe("leads");
        await page.SelectOptionAsync("#estimate-work", "kind/export");
        await page.FillAsync("#estimate-rows", "50");
        await page.SelectOptionAsync("#estimate-resource", "leads");
        await page.ClickAsync("#estimate-form button[type=submit]");
        await page.Locator("#estimate-result.stops").WaitForAsync(new() { Timeout = 15_000 });
        (await page.TextContentAsync("#estimate-result")).ShouldBe(
            $"Costs at most 50 actions. Would stop at the spend limit of resource leads workbook: 50 actions needed, {Text(estimate.GetProperty("limit").Amount("remaining"))} left this cycle.");
        await page.FillAsync("#estimate-rows", "1");
        await page.SelectOptionAsync("#estimate-resource", "");
        await page.ClickAsync("#estimate-form button[type=submit]");
        await page.Locator("#estimate-result.fits").WaitForAsync(new() { Timeout = 15_000 });
        (await page.TextContentAsync("#estimate-result")).ShouldBe("Costs at most 1 action. Fits: it would be accepted now.");
        await page.SelectOptionAsync("#estimate-work", "leadmagic/email_finder");
        await page.ClickAsync("#estimate-form button[type=submit]");
        await page.Locator("#estimate-result.stops").WaitForAsync(new() { Timeout = 15_000 });
        (await page.TextContentAsync("#estimate-result"))!.ShouldContain("Would stop: not enough data credits (1 data credit needed, 0 available).");

        // Alerts and webhooks: a threshold saved from the form; a webhook added, its secret shown once, a test ping delivered and logged.
        await page.FillAsync("#alert-credits", "2");
        await page.ClickAsync("#alerts-form button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelector('#alerts-saved').textContent.startsWith('Saved') || document.querySelector('#webhooks-error').textContent",
            null, new() { Timeout = 15_000 });
        (await page.TextContentAsync("#webhooks-error")).ShouldBeNullOrEmpty();
        (await (await client.GetAsync($"/v1/workspaces/{id}/alerts")).Expect(HttpStatusCode.OK)).GetProperty("dataCredits").Amount("lowBalance").ShouldBe(2);
        await using var receiver = await WebhookReceiver.StartAsync();
        await page.FillAsync("#webhook-url", receiver.Url);
        await page.CheckAsync("#webhook-events input[value=ping]");
        await page.ClickAsync("#webhook-form button[type=submit]");
        await page.Locator("#webhooks-table tbody tr").WaitForAsync(new() { Timeout = 15_000 });
        var secret = (await page.TextContentAsync("#webhook-secret"))!.Split(' ')[^1];
        secret.ShouldStartWith("whsec_");
        await page.ClickAsync("#webhooks-table tbody tr button:text('Test')");
        await page.Locator("#deliveries-table tr.delivery-succeeded").WaitForAsync(new() { Timeout = 15_000 });
        var ping = await receiver.NextAsync(r => r.Type == "ping");
        WebhookSignatures.IsValid(secret, ping).ShouldBeTrue();
        (await page.Locator("#deliveries-table tbody tr").First.GetAttributeAsync("data-event")).ShouldBe(ping.Id);
        var delivered = (await (await client.GetAsync($"/v1/workspaces/{id}/webhooks/{await page.Locator("#webhooks-table tbody tr").First.GetAttributeAsync("data-webhook")}/deliveries"))
            .Expect(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("createdAt").GetDateTimeOffset();
        var shown = (await page.Locator("#deliveries-table tbody tr").First.Locator("td").Last.InnerTextAsync()).Replace('\u202f', ' ');
        shown.ShouldBe(delivered.UtcDateTime.ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(Repository.Root, "docs", "img"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repository.Root, "docs", "img", "dashboard.png"), FullPage = true });

        // The usage chart keeps the two currencies apart: one axis each, never stacked into one bar.
        (await page.EvaluateAsync<string[]>("Chart.getChart('usage-chart').data.datasets.map((d) => d.yAxisID)")).ShouldBe(["y", "y2"]);
        (await page.EvaluateAsync<bool>("!!Chart.getChart('usage-chart').options.scales.y.stacked")).ShouldBeFalse();

        await page.ClickAsync("#resources-table tr[data-resource=leads] button:not(.toggle)");
        var filtered = await (await client.GetAsync($"/v1/workspaces/{id}/reports/usage?from={Iso(now.AddDays(-29).Date)}&to={Iso(now.AddDays(1).Date)}&resourceId=leads")).Expect(HttpStatusCode.OK);
        await Expect(page, "#total-events", filtered.GetProperty("totals").GetProperty("events").GetInt64());
        filtered.GetProperty("totals").GetProperty("events").GetInt64().ShouldBe(3);
        (await page.InputValueAsync("#resource")).ShouldBe("leads");
        (await page.Locator("#resources-table tr[data-resource=growth]").CountAsync()).ShouldBe(0);
        (await page.Locator("#resources-table tr[data-resource=unattributed]").CountAsync()).ShouldBe(0);
        serverErrors.ShouldBeEmpty(); // the dashboard's parallel polls once met a connection another request had spoiled

        // The balance card says how much of the available credit rolled over from the last cycle.
        await (await api.Admin().Put($"/v1/workspaces/{id}/plan", new { name = "Pro", actionsPerCycle = 500, dataCreditsPerCycle = 4, rollover = new { actions = 100 } }))
            .Expect(HttpStatusCode.OK);
        api.Clock.Advance(TimeSpan.FromDays(32));
        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('#actions-rollover')?.textContent === ' · rolled over 100'", null, new() { Timeout = 15_000 });
        (await page.TextContentAsync("#credits-rollover")).ShouldBe("");
    }

    [SkippableFact]
    public async Task A_reader_sees_no_controls_a_phone_gets_one_column_and_the_admin_finds_a_workspace_by_name()
    {
        Provisioned.Require(File.Exists(Chromium), $"No Chromium at {Chromium}: install Debian's chromium package (scripts/test.sh does) to run the browser test.");
        var zeta = (await (await api.Admin().Post("/v1/workspaces", new
        {
            name = "Zeta Outbound", plan = new { name = "Pro", actionsPerCycle = 100, dataCreditsPerCycle = 100, unitPrices = new { dataCredits = 0.05m } },
        })).Expect(HttpStatusCode.Created)).Id();
        await (await api.Admin().Post($"/v1/workspaces/{zeta}/usage", new
        {
            idempotencyKey = "ten", kind = "enrichment", integration = "leadmagic", service = "email_finder", outcome = "success", quantity = 10,
        })).Expect(HttpStatusCode.Created);
        var alpha = (await (await api.Admin().Post("/v1/workspaces", new { name = "Alpha Research", plan = new { name = "Pro", actionsPerCycle = 100, dataCreditsPerCycle = 100 } }))
            .Expect(HttpStatusCode.Created)).Id();
        var reader = await (await api.Admin().Post($"/v1/workspaces/{zeta}/api-keys", new { name = "wallboard", scopes = new[] { "reports:read" } })).Expect(HttpStatusCode.Created);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });

        // A reports:read key on a phone: everything readable, nothing it could not save, nothing wider than the screen.
        var phone = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        await phone.GotoAsync($"{api.RootUrl}/dashboard");
        await phone.FillAsync("#api-key", reader.Str("key"));
        await phone.ClickAsync("button[type=submit]");
        await phone.Locator("#webhooks-table").WaitForAsync(new() { Timeout = 15_000 });
        await phone.WaitForFunctionAsync("() => document.querySelector('#zone-said').textContent !== '–'", null, new() { Timeout = 15_000 });
        foreach (var control in new[] { "#alerts-form button[type=submit]", "#webhook-form" })
        {
            (await phone.IsVisibleAsync(control)).ShouldBeFalse(control);
        }

        (await phone.IsDisabledAsync("#alert-actions")).ShouldBeTrue();
        // Grants: a pending purchase waiting for payment and a voided one are shown with their status and price.
        var waiting = await (await api.Admin().Post($"/v1/workspaces/{zeta}/grants", new { idempotencyKey = "inv-1", currency = "data_credits", amount = 1000, source = "purchase", unitPrice = 0.04m, pending = true }))
            .Expect(HttpStatusCode.Created);
        var refunded = await (await api.Admin().Post($"/v1/workspaces/{zeta}/grants", new { idempotencyKey = "inv-2", currency = "actions", amount = 50, source = "purchase" }))
            .Expect(HttpStatusCode.Created);
        await (await api.Admin().Post($"/v1/workspaces/{zeta}/grants/{refunded.Id()}/void", new { reason = "refunded" })).Expect(HttpStatusCode.OK);
        await (await api.Admin().Put($"/v1/workspaces/{zeta}/auto-top-up", new { dataCredits = new { below = 1, amount = 500, mode = "request", maxPerCycle = 3 } }))
            .Expect(HttpStatusCode.OK);
        await phone.ReloadAsync();
        var pendingRow = phone.Locator($"#grants-table tr[data-grant='{waiting.Id()}']");
        await pendingRow.WaitForAsync(new() { Timeout = 15_000 });
        (await pendingRow.Locator("td").AllInnerTextsAsync()).Take(6).ShouldBe(["purchase", "Data credits", "pending", "1,000", "0", "$0.04"]);
        (await phone.Locator($"#grants-table tr[data-grant='{refunded.Id()}'] td").Nth(2).InnerTextAsync()).ShouldBe("voided");
        (await phone.TextContentAsync("#auto-top-up")).ShouldBe("Auto top-up: Data credits below 1 → 500 requested for payment (0 of 3 this cycle)");
        // The credit value card, for a reports:read key too: 10 data credits consumed at $0.05, 90 outstanding.
        await phone.WaitForFunctionAsync("() => document.querySelector('#value-consumed').textContent === '$0.50'", null, new() { Timeout = 15_000 });
        ((await phone.TextContentAsync("#value-breakage")), (await phone.TextContentAsync("#value-outstanding"))).ShouldBe(("$0.00", "$4.50"));
        (await phone.IsVisibleAsync("#estimate-form button[type=submit]")).ShouldBeTrue(); // an estimate writes nothing: any key may ask
        (await phone.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        Directory.CreateDirectory(Path.Combine(Repository.Root, "docs", "img"));
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Repository.Root, "docs", "img", "dashboard-phone.png"), FullPage = true });

        // The admin: workspaces sorted by name, the first chosen; typing narrows the list, Enter opens the match.
        var desk = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await desk.GotoAsync($"{api.RootUrl}/dashboard");
        await desk.FillAsync("#api-key", LedgerApiFactory.AdminKey);
        await desk.ClickAsync("button[type=submit]");
        await desk.WaitForFunctionAsync("() => document.querySelector('#workspace-name').textContent.length > 0", null, new() { Timeout = 15_000 });
        var names = await desk.EvaluateAsync<string[]>("[...document.querySelector('#workspace').options].map((o) => o.text)");
        names.ShouldBe(names.Order(StringComparer.Create(CultureInfo.InvariantCulture, CompareOptions.IgnoreCase)).ToArray());
        names[0].ShouldBe("Acme GTM");
        (await desk.InputValueAsync("#workspace")).ShouldNotBe(alpha.ToString()); // the first by name, not the newest
        await desk.FillAsync("#workspace-filter", "zeta");
        (await desk.EvaluateAsync<string[]>("[...document.querySelector('#workspace').options].map((o) => o.text)")).ShouldContain("Zeta Outbound");
        await desk.PressAsync("#workspace-filter", "Enter");
        await desk.WaitForFunctionAsync("() => document.querySelector('#workspace-name').textContent.startsWith('Zeta Outbound')", null, new() { Timeout = 15_000 });
        (await desk.InputValueAsync("#workspace")).ShouldBe(zeta.ToString());
    }

    private static async Task<IReadOnlyList<string>> Cells(IPage page, string resource)
    {
        var row = page.Locator($"#resources-table tr[data-resource='{resource}']");
        await row.WaitForAsync(new() { Timeout = 15_000 });
        return await row.Locator("td").AllInnerTextsAsync();
    }

    private static string Text(decimal amount) => amount.ToString("#,0.####", CultureInfo.InvariantCulture);

    private async Task Expect(IPage page, string selector, long expected)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "([selector, expected]) => document.querySelector(selector)?.textContent.replaceAll(',', '') === String(expected)",
                new object[] { selector, expected }, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Say what the page shows instead, and the error it displays, rather than only "timeout".
            throw new TimeoutException($"{selector} shows '{await page.TextContentAsync(selector)}', not {expected}; page error: '{await page.TextContentAsync("#error")}'; " +
                $"server errors: {string.Join(", ", serverErrors)}");
        }
    }

    private static async Task<decimal> Number(IPage page, string selector) =>
        decimal.Parse((await page.TextContentAsync(selector))!.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", CultureInfo.InvariantCulture));

    private static string Iso(DateTime utcDate) => Iso(new DateTimeOffset(DateTime.SpecifyKind(utcDate, DateTimeKind.Utc)));

    private static DateTimeOffset StartOfUtcDay(DateTimeOffset instant) => new(instant.UtcDateTime.Date, TimeSpan.Zero);

}
