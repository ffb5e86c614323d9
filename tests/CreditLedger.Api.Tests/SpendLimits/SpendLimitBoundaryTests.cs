using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;

namespace CreditLedger.Api.Tests.SpendLimits;

/// <summary>
/// A reservation's hold and its completion's charge count against the user, key, resources and cycle the hold was made
/// under, whichever key completes it and whenever; a completion is never refused by a limit, and no accepted charge or
/// hold takes a limit's spent above it.
/// </summary>
public class SpendLimitBoundaryTests(LongHoldApiFactory api) : IClassFixture<LongHoldApiFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => LedgerInvariants.AssertAllAsync(api);

    private async Task PutLimit(Guid id, string scope, string scopeId, object caps) =>
        await (await api.Admin().Put($"/v1/workspaces/{id}/spend-limits/{scope}/{scopeId}", caps)).Expect(HttpStatusCode.OK);

    private async Task<JsonElement> Limit(Guid id, string scope, string scopeId) =>
        await (await api.Admin().GetAsync($"/v1/workspaces/{id}/spend-limits/{scope}/{scopeId}")).Expect(HttpStatusCode.OK);

    private static Task<HttpResponseMessage> Reserve(HttpClient client, Guid id, int quantity, Guid? userId = null, string? resourceId = null) =>
        client.Post($"/v1/workspaces/{id}/enrichments", new
        {
            idempotencyKey = Guid.NewGuid().ToString(), userId, resourceId, integration = "leadmagic", service = "email_finder", quantity,
        });

    private static Task<HttpResponseMessage> Find(HttpClient client, Guid id, int quantity, Guid? userId = null, string? resourceId = null) =>
        client.Post($"/v1/workspaces/{id}/usage", new
        {
            idempotencyKey = Guid.NewGuid().ToString(), kind = "enrichment", integration = "leadmagic", service = "email_finder",
            outcome = "success", quantity, userId, resourceId,
        });

    private static Task<HttpResponseMessage> Complete(HttpClient client, Guid id, Guid enrichment) =>
        client.Post($"/v1/workspaces/{id}/enrichments/{enrichment}/complete", new { outcome = "success" });

    [Fact]
    public async Task A_reservation_completed_after_the_boundary_counts_in_the_cycle_it_was_made_in()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        var user = await api.User(id);
        await PutLimit(id, "user", user.ToString(), new { actions = 10 });
        var cycleEnd = (await (await api.Admin().GetAsync($"/v1/workspaces/{id}")).Expect(HttpStatusCode.OK)).GetProperty("cycle").GetProperty("end").GetDateTimeOffset();
        api.Clock.Advance(cycleEnd - api.Clock.GetUtcNow() - TimeSpan.FromHours(1));
        var reservation = await (await Reserve(api.Admin(), id, 10, user)).Expect(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromHours(2));
        await (await Find(api.Admin(), id, 10, user)).Expect(HttpStatusCode.Created);
        await (await Complete(api.Admin(), id, reservation.Id())).Expect(HttpStatusCode.OK);

        var limit = await Limit(id, "user", user.ToString());
        (limit.GetProperty("actions").Amount("spent"), limit.GetProperty("actions").Amount("limit")).ShouldBe((10m, 10m));
        await (await Find(api.Admin(), id, 1, user)).ExpectProblem(HttpStatusCode.PaymentRequired, "spend-limit-reached");
    }

    [Fact]
    public async Task Completing_another_keys_reservation_counts_against_the_key_that_reserved_and_is_never_refused()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        var (reserverId, reserverKey) = await api.ApiKey(id);
        var (completerId, completerKey) = await api.ApiKey(id);
        await PutLimit(id, "api_key", reserverId.ToString(), new { actions = 30 });
        await PutLimit(id, "api_key", completerId.ToString(), new { actions = 0 });
        var reserver = api.WithKey(reserverKey);
        var reservations = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            reservations.Add((await (await Reserve(reserver, id, 10)).Expect(HttpStatusCode.Created)).Id());
        }

        foreach (var reservation in reservations)
        {
            await (await Complete(api.WithKey(completerKey), id, reservation)).Expect(HttpStatusCode.OK);
        }

        (await Limit(id, "api_key", completerId.ToString())).GetProperty("actions").Amount("spent").ShouldBe(0);
        (await Limit(id, "api_key", reserverId.ToString())).GetProperty("actions").Amount("spent").ShouldBe(30);
        await (await Reserve(reserver, id, 1)).ExpectProblem(HttpStatusCode.PaymentRequired, "spend-limit-reached");
    }

    [Fact]
    public async Task Reversing_a_completion_charge_gives_back_to_the_key_that_reserved()
    {
        var id = await api.Workspace(actions: 100, dataCredits: 100);
        var (reserverId, reserverKey) = await api.ApiKey(id);
        var (_, completerKey) = await api.ApiKey(id);
        await PutLimit(id, "api_key", reserverId.ToString(), new { actions = 5 });
        var reservation = await (await Reserve(api.WithKey(reserverKey), id, 5)).Expect(HttpStatusCode.Created);
        await (await Complete(api.WithKey(completerKey), id, reservation.Id())).Expect(HttpStatusCode.OK);
        var charge = await api.ScalarAsync<Guid>(
            "SELECT id FROM ledger_entries WHERE workspace_id = $1 AND type = 'charge' AND currency = 'actions'", id);

        await (await api.Admin().Post($"/v1/workspaces/{id}/ledger/{charge}/reverse", new { reason = "refund" })).Expect(HttpStatusCode.Created);

        (await Limit(id, "api_key", reserverId.ToString())).GetProperty("actions").Amount("spent").ShouldBe(0);
    }

    /// <summary>
    /// Random interleavings of reservations (by three keys), completions by any key, cancellations, timeouts (by the clock
    /// and by the sweep), usage, reversals, limit changes and boundaries: after every step each counter equals the ledger
    /// recomputed independently, and spent only ever grows through an accepted charge or hold that stays within its limit.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Limits_hold_for_every_interleaving_across_boundaries(int seed)
    {
        var random = new Random(seed);
        var id = await api.Workspace(actions: 400, dataCredits: 400);
        var user = await api.User(id);
        await (await api.Admin().Put($"/v1/workspaces/{id}/resources/wb", new { kind = "workbook", name = "wb" })).Expect(HttpStatusCode.Created);
        await (await api.Admin().Put($"/v1/workspaces/{id}/resources/tbl", new { kind = "table", name = "tbl", parentId = "wb" })).Expect(HttpStatusCode.Created);
        var keys = new List<(Guid Id, HttpClient Client)> { (Guid.Empty, api.Admin()) };
        for (var i = 0; i < 2; i++)
        {
            var (keyId, key) = await api.ApiKey(id);
            keys.Add((keyId, api.WithKey(key)));
        }

        var scopes = new List<(string Scope, string ScopeId)> { ("user", user.ToString()), ("api_key", keys[1].Id.ToString()), ("resource", "wb") };
        foreach (var (scope, scopeId) in scopes)
        {
            await PutLimit(id, scope, scopeId, new { actions = random.Next(5, 30), dataCredits = random.Next(5, 30) });
        }

        var pending = new List<Guid>();
        for (var step = 0; step < 60; step++)
        {
            var before = await SpentAsync(id, scopes);
            var client = keys[random.Next(keys.Count)].Client;
            var (who, where) = (random.Next(2) == 0 ? user : (Guid?)null, random.Next(2) == 0 ? "tbl" : null);
            var accepted = false;
            switch (random.Next(9))
            {
                case 0 or 1:
                    var reserved = await Reserve(client, id, random.Next(1, 6), who, where);
                    accepted = reserved.StatusCode == HttpStatusCode.Created;
                    if (accepted)
                    {
                        pending.Add((await reserved.Json()).Id());
                    }

                    break;
                case 2 when pending.Count > 0:
                    var completed = await Complete(client, id, Take(pending, random));
                    completed.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Conflict); // 409: it had timed out
                    break;
                case 3 when pending.Count > 0:
                    await (await client.Post($"/v1/workspaces/{id}/enrichments/{Take(pending, random)}/cancel", new { })).Expect(HttpStatusCode.OK);
                    break;
                case 4:
                    accepted = (await Find(client, id, random.Next(1, 4), who, where)).StatusCode == HttpStatusCode.Created;
                    break;
                case 5:
                    api.Clock.Advance(TimeSpan.FromHours(random.Next(1, 24 * 12)));
                    if (random.Next(2) == 0)
                    {
                        await api.Services.GetRequiredService<CreditLedger.Api.Engine.Reservations.HoldExpiryService>().ReleaseDueHoldsAsync(CancellationToken.None);
                    }

                    break;
                case 6:
                    var (scope, scopeId) = scopes[random.Next(scopes.Count)];
                    await PutLimit(id, scope, scopeId, new { actions = random.Next(0, 30), dataCredits = random.Next(0, 30) });
                    break;
                case 7:
                    var charge = await api.ScalarAsync<Guid?>("""
                        SELECT c.id FROM ledger_entries c WHERE c.workspace_id = $1 AND c.type = 'charge'
                          AND NOT EXISTS (SELECT FROM ledger_entries r WHERE r.workspace_id = $1 AND r.reverses_entry_id = c.id)
                        ORDER BY c.sequence DESC LIMIT 1
                        """, id);
                    if (charge is { } entry)
                    {
                        await (await api.Admin().Post($"/v1/workspaces/{id}/ledger/{entry}/reverse", new { reason = "property" })).Expect(HttpStatusCode.Created);
                    }

                    break;
                default:
                    await api.Admin().Post($"/v1/workspaces/{id}/grants", new
                    {
                        currency = random.Next(2) == 0 ? "actions" : "data_credits", amount = 50, source = "purchase", idempotencyKey = Guid.NewGuid().ToString(),
                    });
                    break;
            }

            var after = await SpentAsync(id, scopes);
            foreach (var (key, (spent, cap, cycle)) in after)
            {
                var (spentBefore, _, cycleBefore) = before[key];
                if (spent > spentBefore && cycle == cycleBefore)
                {
                    accepted.ShouldBeTrue($"step {step}: {key} spent {spentBefore} -> {spent} without an accepted charge or hold");
                    spent.ShouldBeLessThanOrEqualTo(cap, $"step {step}: {key} spent {spent} above its limit {cap}");
                }
            }

            await using var connection = await api.OpenOwnerConnectionAsync();
            await SpendCounterInvariants.AssertAsync(connection);
        }
    }

    private static Guid Take(List<Guid> pending, Random random)
    {
        var index = random.Next(pending.Count);
        var taken = pending[index];
        pending.RemoveAt(index);
        return taken;
    }

    /// <summary>Each limit's spent and cap per currency, with the cycle it was read in.</summary>
    private async Task<Dictionary<string, (decimal Spent, decimal Cap, string Cycle)>> SpentAsync(Guid id, List<(string Scope, string ScopeId)> scopes)
    {
        var result = new Dictionary<string, (decimal, decimal, string)>();
        foreach (var (scope, scopeId) in scopes)
        {
            var limit = await Limit(id, scope, scopeId);
            var cycle = limit.GetProperty("period").Str("start");
            foreach (var currency in new[] { "actions", "dataCredits" })
            {
                var part = limit.GetProperty(currency);
                result[$"{scope}/{currency}"] = (part.Amount("spent"), part.Amount("limit"), cycle);
            }
        }

        return result;
    }
}
