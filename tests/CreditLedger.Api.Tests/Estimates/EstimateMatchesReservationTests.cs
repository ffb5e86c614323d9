using System.Text.Json;
using Xunit.Abstractions;

namespace CreditLedger.Api.Tests.Estimates;

/// <summary>
/// An estimate is the answer a reservation would get: over random single-enrichment runs (random balances, limits on
/// users, keys, resources and the workbook default, own provider keys), the estimate's charges are the reservation's
/// hold, it is allowed exactly when the reservation is 201, and its shortfall or limit carries the 402's fields.
/// </summary>
public class EstimateMatchesReservationTests(LedgerApiFactory api, ITestOutputHelper output) : LedgerTest(api)
{
    private const int Runs = 500;
    private static readonly string[] Services =
        ["email_finder", "email_validation", "mobile_finder", "mobile_validation", "b2b_profile_search", "company_finder", "jobs_data"];
    private static readonly string?[] Places = [null, "folder", "book", "table", "table-2"];

    private sealed record Workspace(Guid Id, Guid[] Users, (Guid Id, HttpClient Client)[] Keys);

    [Fact]
    public async Task The_estimate_of_a_run_is_what_its_reservation_gets()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var workspaces = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => NewWorkspace()));
        var outcomes = new Dictionary<string, int>();

        for (var run = 0; run < Runs; run++)
        {
            var ws = workspaces[random.Next(workspaces.Length)];
            await Disturb(ws, random);
            var service = Services[random.Next(Services.Length)];
            var quantity = random.Next(1, 6);
            Guid? user = random.Next(3) == 0 ? null : ws.Users[random.Next(ws.Users.Length)];
            var resource = Places[random.Next(Places.Length)];
            var key = ws.Keys[random.Next(ws.Keys.Length)];
            var item = new { integration = "leadmagic", service, quantity };
            // The key asks for itself, or a manager asks for it by id: the same limits apply.
            var estimate = random.Next(2) == 0
                ? await (await key.Client.Post($"/v1/workspaces/{ws.Id}/estimates", new { items = new[] { item }, userId = user, resourceId = resource })).Expect(HttpStatusCode.OK)
                : await (await Api.Admin().Post($"/v1/workspaces/{ws.Id}/estimates", new { items = new[] { item }, userId = user, resourceId = resource, apiKeyId = key.Id })).Expect(HttpStatusCode.OK);
            var reservation = await key.Client.Post($"/v1/workspaces/{ws.Id}/enrichments",
                new { idempotencyKey = $"run-{run}", integration = "leadmagic", service, quantity, userId = user, resourceId = resource });

            var context = $"seed {seed}, run {run}: {service} x{quantity} user={user} resource={resource} key={key.Id}\nestimate {estimate}";
            var outcome = await Compare(estimate, reservation, context);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (reservation.StatusCode == HttpStatusCode.Created)
            {
                await Settle(ws, (await reservation.Json()).Id(), random);
            }
        }

        output.WriteLine(string.Join(", ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
        // Each answer the property covers came up often enough to mean something.
        outcomes.Keys.ShouldBe(["allowed", "insufficient-credits", "spend-limit-reached"], ignoreOrder: true);
        outcomes.Values.ShouldAllBe(n => n >= 20);
    }

    private static async Task<string> Compare(JsonElement estimate, HttpResponseMessage reservation, string context)
    {
        var charges = estimate.GetProperty("charges").EnumerateArray().Select(c => (c.Str("currency"), c.Amount("amount"))).ToList();
        if (estimate.GetProperty("allowed").GetBoolean())
        {
            var held = await reservation.Expect(HttpStatusCode.Created);
            held.GetProperty("held").EnumerateArray().Select(c => (c.Str("currency"), c.Amount("amount"))).ToList().ShouldBe(charges, context);
            return "allowed";
        }

        var problem = await reservation.Json();
        ((int)reservation.StatusCode).ShouldBe(402, context + $"\nreservation {problem}");
        var type = problem.Str("type").Split('/')[^1];
        var refusal = (problem.Str("currency"), problem.Amount("required"), problem.Amount("available"));
        if (estimate.GetProperty("shortfall") is { ValueKind: JsonValueKind.Object } shortfall)
        {
            type.ShouldBe("insufficient-credits", context + $"\nreservation {problem}");
            (shortfall.Str("currency"), shortfall.Amount("required"), shortfall.Amount("available")).ShouldBe(refusal, context);
            estimate.GetProperty("limit").ValueKind.ShouldBe(JsonValueKind.Null, context);
        }
        else
        {
            var limit = estimate.GetProperty("limit");
            type.ShouldBe("spend-limit-reached", context + $"\nreservation {problem}");
            (limit.Str("currency"), limit.Amount("required"), limit.Amount("remaining")).ShouldBe(refusal, context);
            (limit.Str("scope"), limit.Str("scopeId")).ShouldBe((problem.GetProperty("limit").Str("scope"), problem.GetProperty("limit").Str("scopeId")), context);
        }

        return type;
    }

    /// <summary>Changes one thing at random: a limit, the workbook default, the own-key switch, or a top-up; or nothing.</summary>
    private async Task Disturb(Workspace ws, Random random)
    {
        var dataCredits = Cap(random);
        var caps = new { actions = dataCredits is null ? random.Next(0, 30) : Cap(random), dataCredits }; // at least one cap
        var admin = Api.Admin();
        var limits = $"/v1/workspaces/{ws.Id}/spend-limits";
        var response = random.Next(12) switch
        {
            0 => await admin.Put($"{limits}/{Scope(ws, random)}", caps),
            1 => await admin.Put($"{limits}/defaults/workbook", caps),
            2 or 3 or 4 => await admin.DeleteAsync($"{limits}/{Scope(ws, random)}"),
            5 => await admin.DeleteAsync($"{limits}/defaults/workbook"),
            6 => await admin.Put($"/v1/workspaces/{ws.Id}/integrations/leadmagic", new { ownApiKey = random.Next(2) == 0 }),
            7 or 8 => await admin.Post($"/v1/workspaces/{ws.Id}/grants",
                new { idempotencyKey = Guid.NewGuid().ToString(), currency = random.Next(2) == 0 ? "actions" : "data_credits", amount = random.Next(1, 8), source = "purchase" }),
            _ => null,
        };
        ((int?)response?.StatusCode is null or < 300 or 404).ShouldBeTrue($"{response?.RequestMessage?.RequestUri}: {response?.StatusCode}");
    }

    private static int? Cap(Random random) => random.Next(3) == 0 ? null : random.Next(0, 40);

    private static string Scope(Workspace ws, Random random) => random.Next(3) switch
    {
        0 => $"user/{ws.Users[random.Next(ws.Users.Length)]}",
        1 => $"api_key/{ws.Keys[random.Next(ws.Keys.Length)].Id}",
        _ => $"resource/{Places[1 + random.Next(Places.Length - 1)]}",
    };

    /// <summary>Leaves the hold (it counts until it times out), releases it, or completes it with an outcome.</summary>
    private async Task Settle(Workspace ws, Guid reservation, Random random)
    {
        var path = $"/v1/workspaces/{ws.Id}/enrichments/{reservation}";
        var settled = random.Next(4) switch
        {
            0 => null,
            1 => await Api.Admin().PostAsync($"{path}/cancel", null),
            2 => await Api.Admin().Post($"{path}/complete", new { outcome = "not_found" }),
            _ => await Api.Admin().Post($"{path}/complete", new { outcome = "success" }),
        };
        settled?.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<Workspace> NewWorkspace()
    {
        var id = await Api.Workspace(actions: 15, dataCredits: 15);
        var users = new[] { await Api.User(id), await Api.User(id) };
        var keys = new (Guid, HttpClient)[2];
        for (var i = 0; i < keys.Length; i++)
        {
            var (keyId, key) = await Api.ApiKey(id);
            keys[i] = (keyId, Api.WithKey(key));
        }

        foreach (var (resource, kind, parent) in new[] { ("folder", "folder", null), ("book", "workbook", "folder"), ("table", "table", "book"), ("table-2", "table", "book") })
        {
            await (await Api.Admin().Put($"/v1/workspaces/{id}/resources/{resource}", new { kind, name = resource, parentId = parent })).Expect(HttpStatusCode.Created);
        }

        return new Workspace(id, users, keys);
    }
}
